import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type OnFailureCondition, onFailureRecord } from './on-failure-record.ts';
import type { ResolvedStreamPollerOptions } from './stream-poller-options.ts';
import type { PolledRecord } from './stream-records.ts';

/** Counters of what the poller did, named after the ESM metrics where there is one. */
export interface StreamPollerStats {
  polledEventCount: number;
  filteredOutEventCount: number;
  invocations: number;
  invokedEventCount: number;
  failedInvokeEventCount: number;
  onFailureDestinationDeliveredEventCount: number;
  /** Records skipped without a destination (retries or age ran out and no `onFailure` was set). */
  droppedEventCount: number;
}

/** What a batch runner needs from its poller. */
export interface BatchRunnerContext {
  readonly options: ResolvedStreamPollerOptions;
  readonly shardId: string;
  readonly stats: StreamPollerStats;
  readonly isStopping: () => boolean;
}

/** How the mapping reads one invocation's outcome. */
export type InvokeOutcome =
  | { readonly kind: 'success' }
  /** Records from `index` on failed (the lowest reported sequence number); the ones before succeeded. */
  | { readonly kind: 'partial'; readonly index: number }
  | { readonly kind: 'failure'; readonly functionError: boolean };

/**
 * Reads a function's response the way a stream mapping does. Without `ReportBatchItemFailures`
 * any normal return is success. With it: no response, `{}` or an empty or null list is success;
 * a list naming sequence numbers of the batch checkpoints at the lowest; anything else (an entry
 * without a non-empty `itemIdentifier`, an identifier not in the batch, a list that is not a
 * list, a response that is not an object) fails the whole batch.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
export function interpretResponse(
  response: unknown,
  records: readonly PolledRecord[],
  reportBatchItemFailures: boolean,
): InvokeOutcome {
  if (!reportBatchItemFailures || response === undefined || response === null) return { kind: 'success' };
  if (typeof response !== 'object' || Array.isArray(response))
    return { kind: 'failure', functionError: false };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failure', functionError: false };
  if (failures.length === 0) return { kind: 'success' };
  let lowest = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index =
      typeof identifier === 'string' && identifier !== ''
        ? records.findIndex((record) => record.sequenceNumber === identifier)
        : -1;
    if (index < 0) return { kind: 'failure', functionError: false };
    lowest = Math.min(lowest, index);
  }
  return { kind: 'partial', index: lowest };
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function giveUp(
  context: BatchRunnerContext,
  records: readonly PolledRecord[],
  condition: OnFailureCondition,
  invokeCount: number,
  functionError: boolean,
): Promise<void> {
  const { options, stats } = context;
  if (!options.onFailure) {
    stats.droppedEventCount += records.length;
    return;
  }
  const record = onFailureRecord({
    records,
    shardId: context.shardId,
    streamArn: options.streamArn,
    functionArn: options.functionArn,
    condition,
    invokeCount,
    functionError,
    nowMillis: options.now(),
  });
  // A lost on-failure record would lose the only trace of these records: keep trying.
  for (;;) {
    try {
      await options.onFailure(record);
      stats.onFailureDestinationDeliveredEventCount += records.length;
      return;
    } catch (error) {
      options.onError(error);
      if (context.isStopping()) return;
      await sleep(options.retryDelayMillis);
    }
  }
}

interface Pending {
  records: PolledRecord[];
  retries: number;
  invokes: number;
}

/**
 * Runs one batch to its end as a stream mapping does: invoke; on success done; on a partial
 * failure retry from the lowest reported record; on a function error split the batch in two when
 * `bisectBatchOnFunctionError` is on (not a retry), else retry it whole. Records past
 * `maximumRecordAgeInSeconds` and batches past `maximumRetryAttempts` go to the on-failure
 * destination as metadata. Resolves `false` only when the poller stopped before the batch ended
 * (the checkpoint must then stay where it was).
 */
export async function runBatch(
  records: readonly PolledRecord[],
  context: BatchRunnerContext,
): Promise<boolean> {
  const { options, stats } = context;
  const queue: Pending[] = [{ records: [...records], retries: 0, invokes: 0 }];
  while (queue.length > 0) {
    const current = queue[0] as Pending;
    if (options.maximumRecordAgeInSeconds >= 0) {
      const oldest = options.now() - options.maximumRecordAgeInSeconds * 1000;
      const expired = current.records.filter((record) => record.createdMillis < oldest);
      if (expired.length > 0) {
        await giveUp(context, expired, 'RecordAgeExceeded', current.invokes, false);
        current.records = current.records.filter((record) => record.createdMillis >= oldest);
      }
    }
    if (current.records.length === 0) {
      queue.shift();
      continue;
    }
    if (context.isStopping()) return false;
    const event: DynamoDBStreamEvent = { Records: current.records.map((record) => record.record) };
    stats.invocations += 1;
    stats.invokedEventCount += current.records.length;
    current.invokes += 1;
    let outcome: InvokeOutcome;
    try {
      outcome = interpretResponse(
        await options.invoke(event),
        current.records,
        options.reportBatchItemFailures,
      );
    } catch {
      outcome = { kind: 'failure', functionError: true };
    }
    if (outcome.kind === 'success') {
      queue.shift();
      continue;
    }
    stats.failedInvokeEventCount += current.records.length;
    if (outcome.kind === 'failure' && options.bisectBatchOnFunctionError && current.records.length > 1) {
      const middle = Math.ceil(current.records.length / 2);
      queue.splice(
        0,
        1,
        { records: current.records.slice(0, middle), retries: current.retries, invokes: 0 },
        { records: current.records.slice(middle), retries: current.retries, invokes: 0 },
      );
      continue;
    }
    if (outcome.kind === 'partial') current.records = current.records.slice(outcome.index);
    current.retries += 1;
    if (options.maximumRetryAttempts >= 0 && current.retries > options.maximumRetryAttempts) {
      const functionError = outcome.kind === 'failure' && outcome.functionError;
      await giveUp(context, current.records, 'RetryAttemptsExhausted', current.invokes, functionError);
      queue.shift();
      continue;
    }
    await sleep(options.retryDelayMillis);
  }
  return true;
}
