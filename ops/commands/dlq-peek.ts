import type { Command } from 'commander';
import type { FailureInfo } from '../dlq/failure-info.ts';
import { peekMessages } from '../dlq/peek.ts';
import { resolveQueue } from '../dlq/queue-lookup.ts';
import { type CliIo, writeJson } from '../output/io.ts';
import { resolveTarget } from '../target.ts';
import { type CommonOptions, integerAtLeast, withCommonOptions } from './common.ts';

interface PeekOptions extends CommonOptions {
  readonly limit: number;
}

const PEEK_WARNING =
  'note: SQS has no true peek. Each message shown was received (its receive count went up by one) and released at once.';

function describe(info: FailureInfo): string {
  const lines = [
    `message ${info.messageId}`,
    `  error:       ${info.errorName ?? '(none: not dead-lettered by Ferry)'}${info.errorMessage ? `: ${info.errorMessage}` : ''}`,
    `  original id: ${info.originalMessageId ?? '-'}`,
    `  source:      ${info.sourceQueue ?? '-'}`,
    `  receives:    ${info.receiveCount ?? '-'} before dead-lettering, ${info.dlqReceiveCount} in the DLQ`,
    `  first seen:  ${info.firstSeen ?? '-'}   sent to DLQ: ${info.sentAt ?? '-'}`,
  ];
  if (info.messageGroupId) lines.push(`  group:       ${info.messageGroupId}`);
  lines.push(`  body:        ${info.body.length > 500 ? `${info.body.slice(0, 500)}...` : info.body}`);
  return lines.join('\n');
}

/** `ferry dlq peek <queue>`: the messages of a DLQ with Ferry's failure attributes. */
export function addDlqPeekCommand(dlq: Command, io: CliIo): void {
  withCommonOptions(dlq.command('peek'))
    .description('show messages of a DLQ with why they failed (raises their receive counts)')
    .argument('<queue>', 'queue URL, ARN or name')
    .option('--limit <n>', 'most messages to show', integerAtLeast(1), 10)
    .action(async (queue: string, options: PeekOptions) => {
      const target = await resolveTarget(options);
      const resolved = await resolveQueue(target.sqs, queue, target.description);
      const messages = await peekMessages(target.sqs, resolved.url, { limit: options.limit });
      if (options.json) return writeJson(io, { queue: resolved.url, messages });
      io.stderr.write(`${PEEK_WARNING}\n`);
      if (messages.length === 0) io.stdout.write(`${resolved.name} is empty (no visible messages)\n`);
      for (const info of messages) io.stdout.write(`${describe(info)}\n`);
    });
}
