/**
 * Size and count limits of the batch APIs the producer calls, and how each service measures an
 * entry. Checked before sending, so a too-large message fails fast with the limit it broke
 * instead of failing the whole batch call.
 */

/** Entries one SendMessageBatch, PublishBatch or PutEvents call may carry. */
export const MAX_BATCH_ENTRIES = 10;

/**
 * Largest SQS message, body and attributes together: 1 MiB since August 2025 (256 KiB before).
 * A SendMessageBatch request may not exceed it either, summed over its entries.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;
/** Largest SendMessageBatch payload, summed over its entries. @see {@link SQS_MAX_MESSAGE_BYTES} */
export const SQS_MAX_BATCH_BYTES = 1_048_576;

/**
 * Largest SNS message and PublishBatch payload by default: 256 KiB. A topic whose
 * `MaximumMessageSize` attribute is raised (up to 1 MiB) accepts more: pass that value as the
 * topic's limit.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
 */
export const SNS_DEFAULT_MAX_MESSAGE_BYTES = 262_144;

/**
 * Largest PutEvents request, summed over its entries as EventBridge measures them: 1 MB since
 * January 2026 (256 KB before). Pass a lower limit for a bus that still has the old one.
 * @see https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const EVENTBRIDGE_MAX_REQUEST_BYTES = 1_048_576;

/** UTF-8 length of `text`, in bytes: what the services count. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Size of an SQS or SNS message as the service counts it: the body plus, for each message
 * attribute, its name, data type (`String`) and value.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
export function messageBytes(body: string, attributes?: Readonly<Record<string, string>>): number {
  let size = utf8Bytes(body);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += utf8Bytes(name) + utf8Bytes('String') + utf8Bytes(value);
  }
  return size;
}

/** What EventBridge counts of one PutEvents entry. */
export interface EventBridgeEntrySize {
  readonly source: string;
  readonly detailType: string;
  readonly detail: string;
  readonly time?: Date;
  readonly resources?: readonly string[];
}

/**
 * Size of a PutEvents entry as EventBridge counts it: 14 bytes for `Time` when set, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function eventBridgeEntryBytes(entry: EventBridgeEntrySize): number {
  let size = entry.time === undefined ? 0 : 14;
  size += utf8Bytes(entry.source) + utf8Bytes(entry.detailType) + utf8Bytes(entry.detail);
  for (const resource of entry.resources ?? []) size += utf8Bytes(resource);
  return size;
}
