import type { Command } from 'commander';
import { listDeadLetterQueues } from '../dlq/list-dlqs.ts';
import { type CliIo, formatAge, table, writeJson } from '../output/io.ts';
import { resolveTarget } from '../target.ts';
import { type CommonOptions, integerAtLeast, withCommonOptions } from './common.ts';

interface ListOptions extends CommonOptions {
  readonly ageSample: number;
}

/** `ferry dlq list`: every DLQ of the stack with its depth and the age of its oldest message. */
export function addDlqListCommand(dlq: Command, io: CliIo): void {
  withCommonOptions(dlq.command('list'))
    .description('every DLQ of the stack, with depth and age of the oldest message')
    .option(
      '--age-sample <n>',
      'take the age from the oldest SentTimestamp of N peeked messages instead of the metric (peeking raises receive counts)',
      integerAtLeast(0),
      0,
    )
    .action(async (options: ListOptions) => {
      const target = await resolveTarget(options);
      const resources = await target.resources();
      const dlqs = await listDeadLetterQueues(target.sqs, resources.queues, target.description, {
        ageSample: options.ageSample,
        oldestAges: target.oldestAges,
        warn: (line) => io.stderr.write(`${line}\n`),
      });
      if (options.json) return writeJson(io, { target: target.description, deadLetterQueues: dlqs });
      if (dlqs.length === 0) {
        io.stdout.write(`no DLQ found in ${target.description}\n`);
        return;
      }
      const rows = dlqs.map((dlq) => [
        dlq.name,
        String(dlq.depth),
        String(dlq.inFlight),
        dlq.oldestAgeSeconds === undefined ? '-' : formatAge(dlq.oldestAgeSeconds),
        dlq.reason === 'redrive-policy' ? dlq.sources.join(',') : '(by name)',
      ]);
      io.stdout.write(`DLQs in ${target.description}\n`);
      io.stdout.write(`${table(['QUEUE', 'MESSAGES', 'IN FLIGHT', 'OLDEST', 'SOURCES'], rows)}\n`);
      io.stdout.write(
        options.ageSample > 0
          ? 'OLDEST: from the SentTimestamp of up to --age-sample peeked messages (the SQS API has no age attribute).\n'
          : 'OLDEST: ApproximateAgeOfOldestMessage, up to a minute late (for a DLQ: time since the move).\n',
      );
    });
}
