// The public runtime API: named re-exports only. Each area adds its own block; keep blocks sorted by path.

export {
  CONSUMER_DEFAULTS,
  type ConsumerConfig,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  readConsumerConfig,
} from './config.ts';
export {
  CONSUMER_METRICS,
  DEFAULT_METRICS_NAMESPACE,
  ENV,
  FAILURE_ATTRIBUTES,
  type FerryEnvelope,
  type FerryEnvName,
  type LaneUrls,
  type OutboxRoutes,
  type OutboxTarget,
  type OutboxTargetKind,
} from './contract.ts';
export {
  type AnySchema,
  describeIssues,
  MAX_ENVELOPE_ID_CHARS,
  parseEnvelope,
  parseMessageJson,
  validateSchema,
} from './envelope.ts';
export { envelopeSchema } from './envelope-schema.ts';
export {
  BusinessRuleError,
  ConcurrencyError,
  ConfigurationError,
  DuplicateInProgressError,
  describeError,
  FerryError,
  InvalidMessageError,
  isPermanentError,
  MessageTooLargeError,
  PermanentError,
  PublishError,
  SchemaValidationError,
  TransactionCancelledError,
  TransactionLimitError,
  TransientError,
  UnknownMessageTypeError,
} from './errors.ts';
export { fingerprint, requireIdempotencyKey } from './http/idempotency-key.ts';
export {
  type BeginResult,
  IdempotentRequests,
  type IdempotentRequestsOptions,
  type RequestLock,
} from './http/idempotent-request.ts';
export { type Preference, parsePrefer } from './http/prefer-header.ts';
export {
  errorResponse,
  type FieldProblem,
  HttpProblem,
  httpProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemResponse,
} from './http/problem-details.ts';
export { header, type ParseJsonBodyOptions, parseJsonBody } from './http/request-body.ts';
export { acceptedResponse, jsonResponse } from './http/responses.ts';
export { type WaitForOptions, waitFor } from './http/wait-for.ts';
export { IdempotencyStore, type IdempotencyStoreOptions } from './idempotency/idempotency-store.ts';
export {
  type IdempotentOutcome,
  IdempotentRunner,
  type IdempotentRunnerOptions,
} from './idempotency/idempotent-runner.ts';
export {
  type ConsumerIdempotency,
  type ConsumerIdempotencyOptions,
  type IdempotencyDefaults,
  tableIdempotency,
} from './idempotency/table-idempotency.ts';
export type { ConsumerLogger, LogAttributes } from './observability/logger.ts';
export {
  type ConsumerMetrics,
  type ConsumerMetricUnit,
  createConsumerMetrics,
} from './observability/metrics.ts';
export {
  InvalidOnFailureRecordError,
  NoRouteError,
  RelayGaveUpError,
  StreamRecordsLostError,
  TargetRejectedError,
  UndecodableOutboxItemError,
} from './outbox/errors.ts';
export {
  DEFAULT_OUTBOX_TTL_SECONDS,
  type OutboxWriterConfig,
  type RelayConfig,
  readOutboxWriterConfig,
  readRelayConfig,
} from './outbox/outbox-config.ts';
export {
  aggregateKey,
  counterSortKey,
  eventSortKey,
  OUTBOX_KIND_ATTRIBUTE,
  OUTBOX_KINDS,
  type OutboxEventItem,
} from './outbox/outbox-item.ts';
export {
  createOutboxMetrics,
  NO_OUTBOX_METRICS,
  OUTBOX_METRICS,
  type OutboxMetrics,
} from './outbox/outbox-metrics.ts';
export { type OutboxRelayOptions, relayStreamBatch } from './outbox/outbox-relay.ts';
export { type NewOutboxEvent, OutboxWriter, type OutboxWriterOptions } from './outbox/outbox-writer.ts';
export { PARKED_ATTRIBUTES } from './outbox/park-events.ts';
export { type RehydratorOptions, rehydrateFailures } from './outbox/rehydrator.ts';
export {
  type ReplayOptions,
  type ReplayProblem,
  type ReplayReport,
  type ReplaySelection,
  replayOutbox,
} from './outbox/replay.ts';
export type { RoutePublisherDeps } from './outbox/route-publisher.ts';
export { AGGREGATE_ROUTE_PREFIX, ANY_EVENT, parseRoutes, resolveTargets } from './outbox/routes.ts';
export type { EventBridgeEvent } from './producer/eventbridge-channel.ts';
export {
  EVENTBRIDGE_MAX_REQUEST_BYTES,
  MAX_BATCH_ENTRIES,
  SNS_DEFAULT_MAX_MESSAGE_BYTES,
  SQS_MAX_BATCH_BYTES,
  SQS_MAX_MESSAGE_BYTES,
} from './producer/limits.ts';
export {
  type PublishMessagesOptions,
  type PutEventsOptions,
  publishMessages,
  putEvents,
} from './producer/publish-messages.ts';
export type { SendReport } from './producer/publish-report.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './producer/retry-policy.ts';
export { type SendOptions, sendMessage, sendMessages } from './producer/send-messages.ts';
export { readLaneUrls, type SendToLaneOptions, sendToLane } from './producer/send-to-lane.ts';
export type { SnsMessage } from './producer/sns-channel.ts';
export type { SqsMessage } from './producer/sqs-channel.ts';
export { type BackoffInput, backoffDelaySeconds } from './sqs/backoff.ts';
export type { BackoffOptions, SqsBatchOptions } from './sqs/batch-options.ts';
export { type DeadLetterRequest, deadLetterRequest } from './sqs/dead-letter.ts';
export type {
  MessageContext,
  MessageHandler,
  RawMessageHandler,
} from './sqs/message-context.ts';
export { middyConsumer } from './sqs/middy-consumer.ts';
export { processSqsBatch } from './sqs/process-batch.ts';
export { createSqsConsumer, type SqsConsumer, type SqsConsumerOptions } from './sqs/sqs-consumer.ts';
export { runWithConcurrency } from './sqs/worker-pool.ts';
