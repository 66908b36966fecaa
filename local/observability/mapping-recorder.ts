import type { MetricStore } from './metric-store.ts';

/** A running event source mapping as the recorder sees it. */
export interface ObservedMapping {
  /** The mapping's UUID (its `Ref`): the `EventSourceMappingUUID` dimension. */
  readonly uuid: string;
  readonly functionName: string;
  /** The poller's counters, named after the ESM metrics (`polledEventCount` -> `PolledEventCount`). */
  readonly stats: object;
  /** The queue the mapping reads, for `NumberOfMessagesReceived`. */
  readonly queueName?: string;
}

/** Counters that are not ESM metrics of their own. */
const NOT_METRICS = new Set(['invocations']);

/**
 * Records what each mapping did since the last call: the event count metrics (`PolledEventCount`,
 * `InvokedEventCount`, `FailedInvokeEventCount`, `DeletedEventCount`, `FilteredOutEventCount`,
 * `OnFailureDestinationDeliveredEventCount`, `DroppedEventCount`) by `EventSourceMappingUUID`, and
 * for SQS sources `NumberOfMessagesReceived` of the queue (the mapping is what receives from it).
 * Keeps the previous counters in `previous`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export function recordMappingCounts(
  mappings: readonly ObservedMapping[],
  previous: Map<string, Record<string, number>>,
  store: MetricStore,
): void {
  const now = Date.now();
  for (const mapping of mappings) {
    const before = previous.get(mapping.uuid) ?? {};
    const after: Record<string, number> = {};
    for (const [name, value] of Object.entries(mapping.stats)) {
      if (typeof value !== 'number' || NOT_METRICS.has(name)) continue;
      after[name] = value;
      const delta = value - (before[name] ?? 0);
      const metricName = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      store.record(
        { namespace: 'AWS/Lambda', metricName, dimensions: { EventSourceMappingUUID: mapping.uuid } },
        delta,
        now,
        'Count',
      );
      if (name === 'polledEventCount' && mapping.queueName !== undefined) {
        const id = {
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesReceived',
          dimensions: { QueueName: mapping.queueName },
        };
        store.record(id, delta, now, 'Count');
      }
    }
    previous.set(mapping.uuid, after);
  }
}

/**
 * `IteratorAge` of a stream mapping's batch: how long ago the newest record of the batch was
 * written, recorded under `FunctionName` when the function is invoked with it. DynamoDB Local
 * rounds `ApproximateCreationDateTime` down to the minute; such a time is read as the latest the
 * rounding allows (as the stream poller does), so a local age is never overstated.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export function recordIteratorAge(store: MetricStore, functionName: string, event: unknown): void {
  const records = (event as { Records?: { dynamodb?: { ApproximateCreationDateTime?: unknown } }[] }).Records;
  const created = records?.at(-1)?.dynamodb?.ApproximateCreationDateTime;
  if (typeof created !== 'number') return;
  const id = {
    namespace: 'AWS/Lambda',
    metricName: 'IteratorAge',
    dimensions: { FunctionName: functionName },
  };
  const now = Date.now();
  const createdMillis = created * 1000;
  const latest = createdMillis % 60_000 === 0 ? Math.min(now, createdMillis + 59_999) : createdMillis;
  store.record(id, Math.max(0, now - latest), now, 'Milliseconds');
}
