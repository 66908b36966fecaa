/**
 * Ferry's runtime error hierarchy. The class decides what happens to a message, never the text:
 * a {@link PermanentError} can never succeed on retry, so the message goes to the DLQ at once;
 * anything else is transient and retried with backoff. Guards compare `name` as well as the
 * prototype chain, because two bundles may each hold their own copy of these classes.
 */

/** Base of every error Ferry raises. */
export class FerryError extends Error {
  override readonly name: string = 'FerryError';
}

/** Retrying cannot help: the message is dead-lettered at once with the reason. */
export class PermanentError extends FerryError {
  override readonly name: string = 'PermanentError';
  /** A brand that survives bundling: a copy of this class from another bundle still says `false`. */
  readonly retryable = false;
}

/** Retrying may help: the message is retried after a backoff delay. */
export class TransientError extends FerryError {
  override readonly name: string = 'TransientError';
}

/** A message body is not valid JSON (or not valid UTF-8). */
export class InvalidMessageError extends PermanentError {
  override readonly name: string = 'InvalidMessageError';
}

/** A body parsed, but does not match the schema declared for its type. */
export class SchemaValidationError extends PermanentError {
  override readonly name: string = 'SchemaValidationError';
  /** One line per problem, `path: message`. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[], options?: ErrorOptions) {
    super(`${message}: ${issues.join('; ')}`, options);
    this.issues = issues;
  }
}

/** A business rule that can never pass for this message (e.g. a declined payment). */
export class BusinessRuleError extends PermanentError {
  override readonly name: string = 'BusinessRuleError';
}

/** No handler is registered for the message's type. */
export class UnknownMessageTypeError extends PermanentError {
  override readonly name: string = 'UnknownMessageTypeError';
}

/** A message or batch is over an SQS, SNS or EventBridge size limit. */
export class MessageTooLargeError extends PermanentError {
  override readonly name: string = 'MessageTooLargeError';
  readonly sizeBytes: number;
  readonly limitBytes: number;

  constructor(what: string, sizeBytes: number, limitBytes: number, options?: ErrorOptions) {
    super(`${what} is ${sizeBytes} bytes, over the ${limitBytes}-byte limit`, options);
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}

/**
 * Another invocation is processing the same event right now, or was killed holding its lock: retry
 * no sooner than `retryAfterSeconds`, when that lock has surely expired. An earlier retry would
 * only meet the lock again and spend one of the message's receives (maxReceiveCount) for nothing.
 */
export class DuplicateInProgressError extends TransientError {
  override readonly name: string = 'DuplicateInProgressError';
  /** Seconds until the other invocation's lock has expired at the latest; undefined when unknown. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: ErrorOptions & { readonly retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The earliest useful retry a transient error asks for, in seconds (0 when it asks for none). */
export function retryAfterSecondsOf(error: unknown): number {
  const value = (error as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
}

/** Some entries of a send could not be delivered after every retry. */
export class PublishError extends TransientError {
  override readonly name: string = 'PublishError';
  /** The ids of the entries that failed, with their error codes. */
  readonly failed: readonly { readonly id: string; readonly code: string; readonly message: string }[];

  constructor(
    message: string,
    failed: readonly { readonly id: string; readonly code: string; readonly message: string }[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.failed = failed;
  }
}

/** Two writers raced for the same aggregate sequence number: one lost; retry with fresh state. */
export class ConcurrencyError extends TransientError {
  override readonly name: string = 'ConcurrencyError';
}

/** A transaction would break a DynamoDB limit (actions, item size, total size); fix the call. */
export class TransactionLimitError extends PermanentError {
  override readonly name: string = 'TransactionLimitError';
}

/** DynamoDB cancelled a transaction; `reasons` holds one code per action (`None` when it was fine). */
export class TransactionCancelledError extends FerryError {
  override readonly name: string = 'TransactionCancelledError';
  readonly reasons: readonly { readonly code: string; readonly message?: string }[];

  constructor(
    message: string,
    reasons: readonly { readonly code: string; readonly message?: string }[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.reasons = reasons;
  }
}

/** A configuration value (usually an environment variable) is missing or invalid. */
export class ConfigurationError extends FerryError {
  override readonly name: string = 'ConfigurationError';
}

const PERMANENT_NAMES = new Set([
  'PermanentError',
  'InvalidMessageError',
  'SchemaValidationError',
  'BusinessRuleError',
  'UnknownMessageTypeError',
  'MessageTooLargeError',
  'TransactionLimitError',
]);

/**
 * True when retrying `error` cannot help: an instance of {@link PermanentError}, or an error from
 * another bundle's copy of it (recognised by its `retryable: false` brand or a known name).
 */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof PermanentError) return true;
  if (!(error instanceof Error)) return false;
  return (error as { retryable?: unknown }).retryable === false || PERMANENT_NAMES.has(error.name);
}

/** The error's name and message, for logs and DLQ attributes, whatever was thrown. */
export function describeError(error: unknown): { readonly name: string; readonly message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'NonError', message: String(error) };
}
