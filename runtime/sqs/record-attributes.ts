import type { SQSRecord } from 'aws-lambda';

/**
 * How long Lambda's poller may hold received messages before it invokes the function: the
 * largest `MaximumBatchingWindowInSeconds`, in milliseconds.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
const MAX_BATCHING_WINDOW_MILLIS = 300_000;

/** `ApproximateReceiveCount` as a number (1 when absent or unreadable). */
export function receiveCountOf(record: SQSRecord): number {
  const count = Number.parseInt(record.attributes?.ApproximateReceiveCount ?? '', 10);
  return Number.isFinite(count) && count > 0 ? count : 1;
}

/** When SQS first delivered the message (or, failing that, when it was sent), epoch millis. */
export function firstSeenMillisOf(record: SQSRecord): number | undefined {
  const attributes = record.attributes;
  const raw = attributes?.ApproximateFirstReceiveTimestamp || attributes?.SentTimestamp;
  const millis = Number(raw);
  return raw && Number.isFinite(millis) ? millis : undefined;
}

/** When the message was sent, epoch millis. */
export function sentMillisOf(record: SQSRecord): number | undefined {
  const millis = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(millis) && millis > 0 ? millis : undefined;
}

/**
 * An upper bound on how long the message has been in flight since the receive that delivered
 * this copy. On the first delivery `ApproximateFirstReceiveTimestamp` is that receive; later
 * receives are not timestamped, so the bound is the time since the batch started plus the
 * longest batching window.
 */
export function inFlightMillisOf(record: SQSRecord, batchStartMillis: number, nowMillis: number): number {
  const firstReceive = Number(record.attributes?.ApproximateFirstReceiveTimestamp);
  if (receiveCountOf(record) === 1 && Number.isFinite(firstReceive) && firstReceive > 0) {
    return Math.max(0, nowMillis - firstReceive);
  }
  return Math.max(0, nowMillis - batchStartMillis) + MAX_BATCHING_WINDOW_MILLIS;
}

/** The FIFO message group of the record (empty string when it has none). */
export function messageGroupOf(record: SQSRecord): string {
  return record.attributes?.MessageGroupId ?? '';
}

/** True when the record comes from a FIFO queue (its source ARN ends in `.fifo`). */
export function isFifoSource(record: SQSRecord | undefined): boolean {
  return record?.eventSourceARN?.endsWith('.fifo') ?? false;
}
