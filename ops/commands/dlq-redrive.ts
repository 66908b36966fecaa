import type { Command } from 'commander';
import { destinationResolver } from '../dlq/destinations.ts';
import { moveMessages, type RedriveReport } from '../dlq/move-messages.ts';
import { runMoveTask } from '../dlq/move-task.ts';
import { type ResolvedQueue, resolveQueue } from '../dlq/queue-lookup.ts';
import { NotDeadLetterQueueError, OpsError, UsageError } from '../errors.ts';
import { type CliIo, writeJson } from '../output/io.ts';
import { progressReporter } from '../output/progress.ts';
import { resolveTarget } from '../target.ts';
import { type CommonOptions, integerAtLeast, withCommonOptions } from './common.ts';

interface RedriveOptions extends CommonOptions {
  readonly to?: string;
  readonly rate?: number;
  readonly where?: string;
  readonly moveTask: boolean;
  readonly holdSeconds: number;
}

/** Reads `--where error=ClassName`, the one filter there is. */
export function parseWhere(where: string | undefined): string | undefined {
  if (where === undefined) return undefined;
  const match = /^error=(.+)$/.exec(where);
  if (!match?.[1])
    throw new UsageError(`--where takes error=ClassName (e.g. --where error=ValidationError), got ${where}`);
  return match[1];
}

function ensureDeadLetterQueue(queue: ResolvedQueue): void {
  const policy = queue.attributes.RedrivePolicy;
  if (!policy) return;
  const target =
    (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn ?? 'another queue';
  throw new NotDeadLetterQueueError(
    `${queue.name} is not a DLQ: it is a source queue whose DLQ is ${target}. Redrive that DLQ instead (\`ferry dlq list\` shows them)`,
  );
}

/** `ferry dlq redrive <queue>`: puts DLQ messages back, losing none. */
export function addDlqRedriveCommand(dlq: Command, io: CliIo): void {
  withCommonOptions(dlq.command('redrive'))
    .description('move messages from a DLQ back to their source queue (or --to), losing none')
    .argument('<queue>', 'the DLQ: URL, ARN or name')
    .option('--to <queue>', 'destination queue (default: each message back to the queue it failed on)')
    .option('--rate <n>', 'most messages moved per second', integerAtLeast(1))
    .option('--where <filter>', 'move only matching messages: error=ClassName (Ferry error name)')
    .option('--no-move-task', 'never use StartMessageMoveTask; move messages by receive, send, delete')
    .option(
      '--hold-seconds <n>',
      'visibility timeout of messages while they are moved',
      integerAtLeast(1),
      60,
    )
    .action(async (queue: string, options: RedriveOptions) => {
      const errorName = parseWhere(options.where);
      const target = await resolveTarget(options);
      const source = await resolveQueue(target.sqs, queue, target.description);
      ensureDeadLetterQueue(source);
      const destination = options.to
        ? await resolveQueue(target.sqs, options.to, target.description)
        : undefined;
      if (destination && destination.fifo !== source.fifo)
        throw new UsageError(
          `${source.name} and ${destination.name} must both be FIFO or both standard: pick another --to`,
        );
      const total = Number(source.attributes.ApproximateNumberOfMessages ?? 0);
      const progress = progressReporter(io, total);
      const onProgress = options.json ? undefined : progress.update;
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      let report: RedriveReport | undefined;
      try {
        // StartMessageMoveTask only where the destination is certain and nothing is filtered.
        if (destination && errorName === undefined && options.moveTask) {
          report = await runMoveTask({
            sqs: target.sqs,
            sourceArn: source.arn,
            destinationArn: destination.arn,
            ratePerSecond: options.rate,
            onProgress,
          });
          if (!report && !options.json)
            io.stderr.write(
              `${target.description} has no StartMessageMoveTask: moving messages by receive, send, delete\n`,
            );
        }
        report ??= await moveMessages({
          sqs: target.sqs,
          sourceUrl: source.url,
          destination: destinationResolver(target.sqs, destination?.url),
          errorName,
          ratePerSecond: options.rate,
          holdSeconds: options.holdSeconds,
          signal: abort.signal,
          onProgress,
        });
      } finally {
        process.off('SIGINT', stop);
        progress.finish();
      }
      if (options.json) writeJson(io, { queue: source.url, ...report });
      else {
        io.stdout.write(
          `moved ${report.moved}, skipped ${report.skipped}, failed ${report.failed} (${report.method})\n`,
        );
        for (const failure of report.failures)
          io.stdout.write(`  not moved ${failure.messageId}: ${failure.reason}\n`);
        if (report.returned > 0)
          io.stdout.write(
            `left ${report.returned} that came back to the DLQ during the redrive (they fail again): peek them before another redrive\n`,
          );
      }
      if (abort.signal.aborted)
        throw new OpsError('redrive interrupted: run the same command again to move the rest');
      if (report.failed > 0)
        throw new OpsError(
          `${report.failed} messages could not be moved and are still in ${source.name}: see the reasons above`,
        );
    });
}
