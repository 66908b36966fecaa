import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { CONSUMER_METRICS } from '../contract.ts';
import { retryAfterSecondsOf } from '../errors.ts';
import { addMetricValues } from '../observability/metrics.ts';
import { backoffDelaySeconds, remainingVisibilitySeconds } from './backoff.ts';
import { type ResolvedBatchOptions, resolveBatchOptions, type SqsBatchOptions } from './batch-options.ts';
import { BatchRun, Outcome } from './batch-run.ts';
import { inFlightMillisOf, receiveCountOf } from './record-attributes.ts';
import { changeVisibility, queueUrlOf, type VisibilityChange, type VisibilityFailure } from './visibility.ts';

/**
 * Processes an SQS batch record by record and answers with the partial batch response Lambda
 * expects when the event source mapping has `FunctionResponseTypes: [ReportBatchItemFailures]`:
 * only the failed messages are listed, the rest are deleted. It never throws because of a record;
 * when every record fails it still returns the full list, logs it and counts it in a metric.
 *
 * - Standard queues: records run concurrently, at most `maxConcurrency` at a time.
 * - FIFO queues: groups run concurrently (bounded), each strictly in order; after a failure the
 *   rest of its group is reported too, without running, so nothing overtakes it.
 * - A `PermanentError` (see `isPermanentError`) sends the message to the DLQ with the reason in
 *   its attributes; it then counts as handled. Without a DLQ, or if the send fails, it is reported.
 * - Any other error is reported and the message's visibility set to a full-jitter backoff
 *   (ChangeMessageVisibilityBatch). The FIFO messages held back behind it are made visible at
 *   once instead: they did not fail, and SQS returns none of the group while the failed one is
 *   in flight, so the group resumes, in order, exactly when the failed message's delay is over.
 *   A failed visibility change is logged; the message is still reported.
 * - No record starts when `context.getRemainingTimeInMillis()` is below `timeMarginMillis`; the
 *   unstarted ones are reported so the invocation ends before its timeout.
 *
 * Metrics go to `options.metrics` (when given) and are published by the caller.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export async function processSqsBatch(
  event: SQSEvent,
  recordHandler: (record: SQSRecord) => Promise<void>,
  options?: SqsBatchOptions,
): Promise<SQSBatchResponse> {
  const startedMillis = Date.now();
  const resolved = resolveBatchOptions(event, options);
  const run = new BatchRun(event, recordHandler, resolved);
  await run.run();
  return settle(run, resolved, startedMillis);
}

async function settle(
  run: BatchRun,
  options: ResolvedBatchOptions,
  startedMillis: number,
): Promise<SQSBatchResponse> {
  const { records, outcomes } = run;
  const batchItemFailures: SQSBatchItemFailure[] = [];
  const changes: VisibilityChange[] = [];
  const reported = new Set<string>();
  const nowMillis = Date.now();
  let unstarted = 0;
  let blocked = 0;
  let failedRecords = 0;
  for (let index = 0; index < records.length; index += 1) {
    const outcome = outcomes[index];
    if (outcome === Outcome.succeeded || outcome === Outcome.deadLettered) continue;
    failedRecords += 1;
    const record = records[index] as SQSRecord;
    // An id listed twice is not in Lambda's contract; list each message once.
    if (!reported.has(record.messageId)) batchItemFailures.push({ itemIdentifier: record.messageId });
    reported.add(record.messageId);
    if (outcome === Outcome.failed) {
      const inFlightMillis = inFlightMillisOf(record, startedMillis, nowMillis);
      // An error may name its earliest useful retry (a lock that must expire first); the delay is
      // at least that, within the 12-hour visibility limit like the backoff itself.
      const visibilityTimeoutSeconds = Math.max(
        backoffDelaySeconds({
          receiveCount: receiveCountOf(record),
          baseSeconds: options.backoffBaseSeconds,
          capSeconds: options.backoffCapSeconds,
          inFlightMillis,
          random: options.random,
        }),
        Math.min(retryAfterSecondsOf(run.errors.get(index)), remainingVisibilitySeconds(inFlightMillis)),
      );
      changes.push({ key: index, receiptHandle: record.receiptHandle, visibilityTimeoutSeconds });
    } else if (outcome === Outcome.blocked) {
      blocked += 1;
      changes.push({ key: index, receiptHandle: record.receiptHandle, visibilityTimeoutSeconds: 0 });
    } else {
      unstarted += 1;
    }
  }
  const visibilityFailures = changes.length > 0 ? await applyVisibility(run, options, changes) : new Map();
  const retriedWithDelay = logFailures(run, options, changes, visibilityFailures);
  if (unstarted > 0) {
    options
      .logger()
      .warn(
        `${unstarted} messages were not started because less than ${options.timeMarginMillis} ms of the invocation remained; they are reported failed and will be retried. Raise the function timeout or lower the batch size if this recurs.`,
        { unstarted },
      );
  }
  if (blocked > 0) {
    options
      .logger()
      .info(
        `${blocked} FIFO messages were held back behind a failed message of their group; they will be retried in order.`,
        {
          blocked,
        },
      );
  }
  const allFailed = records.length > 0 && failedRecords === records.length;
  if (allFailed) {
    options
      .logger()
      .error(
        `Every message of the batch failed (${records.length}); all are reported for retry. Look at the errors logged above: a dependency may be down.`,
        { batchSize: records.length },
      );
  }
  if (options.metrics) recordMetrics(run, options, batchItemFailures.length, retriedWithDelay, allFailed);
  return { batchItemFailures };
}

async function applyVisibility(
  run: BatchRun,
  options: ResolvedBatchOptions,
  changes: readonly VisibilityChange[],
): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  let queueUrl = options.sourceQueueUrl;
  let client: SQSClient;
  try {
    client = await options.sqsClient();
    queueUrl ??= await queueUrlOf(client, run.records[0]?.eventSourceARN ?? '');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    for (const change of changes) failures.set(change.key, reason);
    return failures;
  }
  const failed: VisibilityFailure[] = await changeVisibility(client, queueUrl, changes);
  for (const failure of failed) failures.set(failure.key, failure.reason);
  return failures;
}

/** Logs each failed record with its retry delay; returns how many got their delay. */
function logFailures(
  run: BatchRun,
  options: ResolvedBatchOptions,
  changes: readonly VisibilityChange[],
  visibilityFailures: ReadonlyMap<number, string>,
): number {
  if (changes.length === 0) return 0;
  const logger = options.logger();
  let retriedWithDelay = 0;
  for (const change of changes) {
    const failure = visibilityFailures.get(change.key);
    if (run.outcomes[change.key] !== Outcome.failed) {
      if (failure !== undefined) {
        logger.warn(
          'Could not make a held-back FIFO message visible again; its group resumes when its current visibility timeout ends.',
          run.logKeys(change.key),
          { reason: failure },
        );
      }
      continue;
    }
    if (failure === undefined) {
      retriedWithDelay += 1;
      logger.warn(
        `Message failed; it will be retried in ${change.visibilityTimeoutSeconds} s.`,
        run.logKeys(change.key),
        { error: run.errors.get(change.key), retryDelaySeconds: change.visibilityTimeoutSeconds },
      );
    } else {
      logger.warn(
        "Message failed, and its retry delay could not be set; it will be retried when its current visibility timeout ends. Check the function's sqs:ChangeMessageVisibility permission.",
        run.logKeys(change.key),
        { error: run.errors.get(change.key), visibilityError: failure },
      );
    }
  }
  return retriedWithDelay;
}

function recordMetrics(
  run: BatchRun,
  options: ResolvedBatchOptions,
  failed: number,
  retriedWithDelay: number,
  allFailed: boolean,
): void {
  const metrics = options.metrics;
  if (!metrics) return;
  let processed = 0;
  let deadLettered = 0;
  const timings: number[] = [];
  for (let index = 0; index < run.outcomes.length; index += 1) {
    const outcome = run.outcomes[index];
    if (outcome === Outcome.succeeded) processed += 1;
    if (outcome === Outcome.deadLettered) deadLettered += 1;
    if (
      run.durations &&
      (outcome === Outcome.succeeded || outcome === Outcome.deadLettered || outcome === Outcome.failed)
    ) {
      timings.push(run.durations[index] as number);
    }
  }
  metrics.addMetric(CONSUMER_METRICS.processed, 'Count', processed);
  metrics.addMetric(CONSUMER_METRICS.failed, 'Count', failed);
  metrics.addMetric(CONSUMER_METRICS.retriedWithDelay, 'Count', retriedWithDelay);
  metrics.addMetric(CONSUMER_METRICS.deadLettered, 'Count', deadLettered);
  if (allFailed) metrics.addMetric(CONSUMER_METRICS.batchFullyFailed, 'Count', 1);
  addMetricValues(metrics, CONSUMER_METRICS.processingTime, 'Milliseconds', timings);
}
