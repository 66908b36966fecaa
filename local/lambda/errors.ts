/**
 * Errors the local Lambda service raises as an API would: the invocation never reached a function
 * (throttled, too large, function gone, bad configuration). A function's own failure is not one of
 * these: it comes back as an {@link InvokeResult} with `ok: false`, as Lambda's Invoke API answers 200
 * with a `FunctionError`. Guards compare `name`, which carries the AWS exception name.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */
export class LocalLambdaError extends Error {
  override readonly name: string = 'LocalLambdaError';
}

/** Why an invocation was throttled, with the `Reason` values of Lambda's TooManyRequestsException. */
export type ThrottleReason =
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ConcurrentInvocationLimitExceeded';

/**
 * The function (reserved concurrency) or the account (unreserved pool) has no free execution
 * environment: retry later, as event source mappings do, or raise the limit.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export class TooManyRequestsError extends LocalLambdaError {
  override readonly name = 'TooManyRequestsException';
  readonly reason: ThrottleReason;
  readonly functionName: string;
  readonly limit: number;

  constructor(functionName: string, reason: ThrottleReason, limit: number) {
    const scope =
      reason === 'ReservedFunctionConcurrentInvocationLimitExceeded'
        ? `its reserved concurrency of ${limit}`
        : `the account's unreserved concurrency of ${limit}`;
    super(
      `Rate Exceeded. ${functionName} already runs ${limit} invocation(s), ${scope} (${reason}). ` +
        'Retry after an invocation finishes, or raise the limit.',
    );
    this.reason = reason;
    this.functionName = functionName;
    this.limit = limit;
  }
}

/** Whether a value is a {@link TooManyRequestsError}, also when it comes from another copy of this module. */
export function isTooManyRequestsError(error: unknown): error is TooManyRequestsError {
  return error instanceof Error && error.name === 'TooManyRequestsException';
}

/**
 * The event is over the synchronous invocation payload quota (6 MB).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export class RequestTooLargeError extends LocalLambdaError {
  override readonly name = 'RequestEntityTooLargeException';
  readonly sizeBytes: number;
  readonly limitBytes: number;

  constructor(functionName: string, sizeBytes: number, limitBytes: number) {
    super(
      `The event for ${functionName} is ${sizeBytes} bytes of JSON, over Lambda's ${limitBytes}-byte ` +
        'synchronous payload limit. Send a smaller event (for example a reference to the data).',
    );
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}

/** The function was disposed; it takes no further invocations. */
export class FunctionDisposedError extends LocalLambdaError {
  override readonly name = 'ResourceNotFoundException';

  constructor(functionName: string) {
    super(`Function not found: ${functionName} was disposed. Create a new LocalFunction to invoke it again.`);
  }
}

/** A function setting is outside what Lambda accepts. */
export class InvalidFunctionConfigError extends LocalLambdaError {
  override readonly name = 'InvalidParameterValueException';
}
