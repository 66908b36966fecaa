import type { FauxqsServer, SpyMessage } from 'fauxqs';
import type { MetricStore } from './metric-store.ts';

/** A queue to watch: its name is the `QueueName` dimension. */
export interface WatchedQueue {
  readonly queueName: string;
}

const id = (queueName: string, metricName: string) => ({
  namespace: 'AWS/SQS',
  metricName,
  dimensions: { QueueName: queueName },
});

/**
 * Samples the `AWS/SQS` gauges of each queue from fauxqs's own view (no receive, so nothing
 * changes): `ApproximateNumberOfMessagesVisible`, `...NotVisible`, `...Delayed` and
 * `ApproximateAgeOfOldestMessage` (seconds, over messages not deleted and not delayed).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export function sampleQueues(
  server: FauxqsServer,
  queues: readonly WatchedQueue[],
  store: MetricStore,
): void {
  const now = Date.now();
  for (const { queueName } of queues) {
    const queue = server.inspectQueue(queueName);
    if (queue === undefined) continue;
    const { ready, delayed, inflight } = queue.messages;
    store.record(id(queueName, 'ApproximateNumberOfMessagesVisible'), ready.length, now, 'Count');
    store.record(id(queueName, 'ApproximateNumberOfMessagesNotVisible'), inflight.length, now, 'Count');
    store.record(id(queueName, 'ApproximateNumberOfMessagesDelayed'), delayed.length, now, 'Count');
    const sent = [...ready, ...inflight.map((entry) => entry.message)].map(
      (message) => message.sentTimestamp,
    );
    const age = sent.length === 0 ? 0 : Math.max(0, Math.floor((now - Math.min(...sent)) / 1000));
    store.record(id(queueName, 'ApproximateAgeOfOldestMessage'), age, now, 'Seconds');
  }
}

/**
 * Counts `NumberOfMessagesSent` and `NumberOfMessagesDeleted` from fauxqs's message spy, which
 * sees every send and delete whoever makes it (functions in workers too). A message moved to a
 * dead-letter queue by redrive is not counted as sent, as on AWS. Uses a waiter whose filter
 * never matches, so it hears every event; returns the function that stops listening.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export function countQueueTraffic(server: FauxqsServer, store: MetricStore): () => void {
  let listening = true;
  const startedAt = Date.now();
  const hear = (message: SpyMessage): boolean => {
    if (!listening || message.service !== 'sqs' || message.timestamp < startedAt) return !listening;
    if (message.status === 'published')
      store.record(id(message.queueName, 'NumberOfMessagesSent'), 1, message.timestamp, 'Count');
    if (message.status === 'consumed')
      store.record(id(message.queueName, 'NumberOfMessagesDeleted'), 1, message.timestamp, 'Count');
    return false;
  };
  // Rejected when the spy is cleared (fauxqs reset): nothing to count then.
  server.spy.waitForMessage(hear).catch(() => undefined);
  return () => {
    listening = false;
  };
}
