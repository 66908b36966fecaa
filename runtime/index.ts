// The public runtime API: named re-exports only. Each area adds its own block; keep blocks sorted by path.
export {
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
