/**
 * The contract between Ferry's CDK constructs (synth time) and its runtime (inside Lambda):
 * environment variable names, the message envelope, and the attributes a dead-lettered message
 * carries. infra/ imports this file and nothing else from runtime/, so it holds types and constants
 * only: no SDK, no zod, nothing that runs.
 */

/** Environment variables the constructs set and the runtime reads. */
export const ENV = {
  /** URL of the DLQ that permanent failures are sent to (the source queue's redrive target). */
  deadLetterQueueUrl: 'FERRY_DLQ_URL',
  /** Base of the full-jitter backoff, in seconds. */
  backoffBaseSeconds: 'FERRY_BACKOFF_BASE_SECONDS',
  /** Cap of one backoff delay, in seconds (at most 43,200: the SQS visibility limit). */
  backoffCapSeconds: 'FERRY_BACKOFF_CAP_SECONDS',
  /** Records of one batch processed at once (standard queues) or groups at once (FIFO). */
  maxConcurrency: 'FERRY_MAX_CONCURRENCY',
  /** No record starts when less than this much invocation time remains, in milliseconds. */
  timeMarginMillis: 'FERRY_TIME_MARGIN_MILLIS',
  /** DynamoDB table holding idempotency records (Powertools layout: partition key `id`). */
  idempotencyTable: 'FERRY_IDEMPOTENCY_TABLE',
  /** How long a completed idempotency record is kept, in seconds. */
  idempotencyTtlSeconds: 'FERRY_IDEMPOTENCY_TTL_SECONDS',
  /** The outbox table the writer puts events in and the relay's stream comes from. */
  outboxTable: 'FERRY_OUTBOX_TABLE',
  /** JSON {@link OutboxRoutes}: where the relay publishes each event type. */
  outboxRoutes: 'FERRY_OUTBOX_ROUTES',
  /** Standard queue where the relay and rehydrator park events they can never publish. */
  relayDeadLetterQueueUrl: 'FERRY_RELAY_DLQ_URL',
  /** How long outbox items live before TTL removes them, in seconds. */
  outboxTtlSeconds: 'FERRY_OUTBOX_TTL_SECONDS',
  /** JSON {@link LaneUrls}: the queue URL of each priority lane. */
  laneUrls: 'FERRY_LANE_URLS',
} as const;

/** Name of one of Ferry's environment variables. */
export type FerryEnvName = (typeof ENV)[keyof typeof ENV];

/**
 * A Ferry message. The `id` is the producer's event id: stable across redeliveries and DLQ
 * redrives (SQS message ids are not), so consumers deduplicate on it.
 */
export interface FerryEnvelope<TData = unknown> {
  /** Event id, time-ordered (UUIDv7), stable for the life of the event. */
  readonly id: string;
  /** Event type, e.g. `OrderPlaced`. Routes and handler schemas key on it. */
  readonly type: string;
  /** The producing service, e.g. `shop.orders`. */
  readonly source: string;
  /** The aggregate the event belongs to (order id, user id). */
  readonly aggregateId?: string;
  /** Position of the event in its aggregate, from 1, contiguous. */
  readonly sequence?: number;
  /** When the change happened, ISO 8601 UTC. */
  readonly occurredAt: string;
  /** W3C trace context of the producing request. */
  readonly traceparent?: string;
  readonly data: TData;
}

/** Target kinds the outbox relay publishes to. */
export type OutboxTargetKind = 'sqs' | 'sns' | 'eventbridge';

/** One place an outbox event is published to. */
export interface OutboxTarget {
  readonly kind: OutboxTargetKind;
  /** Queue URL (sqs), topic ARN (sns) or event bus name or ARN (eventbridge). */
  readonly destination: string;
  /** True for SQS FIFO queues and SNS FIFO topics: group id = aggregate id, dedup id = event id. */
  readonly fifo?: boolean;
}

/** Event type (or `*` for any) to the targets it is published to. */
export type OutboxRoutes = Readonly<Record<string, readonly OutboxTarget[]>>;

/** Lane name (e.g. `urgent`, `routine`) to queue URL. */
export type LaneUrls = Readonly<Record<string, string>>;

/**
 * Message attributes on a message that Ferry sent to a DLQ, saying why. SQS attribute names allow
 * letters, digits, `-`, `_` and `.`, and must not start with `AWS.` or `Amazon.`.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
export const FAILURE_ATTRIBUTES = {
  errorName: 'ferry.error.name',
  errorMessage: 'ferry.error.message',
  originalMessageId: 'ferry.original.message-id',
  sourceQueue: 'ferry.source.queue',
  receiveCount: 'ferry.receive-count',
  firstSeen: 'ferry.first-seen',
} as const;

/** Metric namespace of Ferry's own EMF metrics unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise. */
export const DEFAULT_METRICS_NAMESPACE = 'Ferry';

/**
 * Names of the EMF metrics the SQS consumer emits (namespace {@link DEFAULT_METRICS_NAMESPACE} or
 * `POWERTOOLS_METRICS_NAMESPACE`; one dimension, `service`). Counts are per batch; the two timings
 * hold one value per message. Alarms and dashboards key on these names.
 */
export const CONSUMER_METRICS = {
  /** Messages whose handler completed (duplicates skipped included). Count. */
  processed: 'MessagesProcessed',
  /** Messages reported in `batchItemFailures` (retried later). Count. */
  failed: 'MessagesFailed',
  /** Failed messages whose retry was delayed with a backoff visibility change. Count. */
  retriedWithDelay: 'MessagesRetriedWithDelay',
  /** Messages sent to the DLQ after a permanent error. Count. */
  deadLettered: 'MessagesDeadLettered',
  /** Messages skipped because their event id had already completed. Count. */
  duplicateSkipped: 'DuplicatesSkipped',
  /** Batches in which every message failed. Count. */
  batchFullyFailed: 'BatchesFullyFailed',
  /** Time spent in the handler per message. Milliseconds. */
  processingTime: 'ProcessingTime',
  /** Now minus the envelope's `occurredAt` (or the SQS SentTimestamp) when a message completes. Milliseconds. */
  endToEndAge: 'EndToEndAge',
} as const;
