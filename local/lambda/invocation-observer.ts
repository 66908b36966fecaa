/** What an {@link InvocationObserver} hears when an invocation ends. */
export interface InvocationEnd {
  readonly functionName: string;
  /** Run time of the handler, as Lambda bills it (0 when the call failed before the handler ran). */
  readonly durationMillis: number;
  /** False when the function threw, timed out or crashed. */
  readonly ok: boolean;
  /** Invocations of this function still running. */
  readonly concurrentExecutions: number;
}

/**
 * Hears what a {@link LocalFunction} does, for metrics: the local counterpart of the Lambda
 * metrics `Invocations`, `Errors`, `Throttles`, `Duration` and `ConcurrentExecutions`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export interface InvocationObserver {
  /** An invocation got a concurrency slot; `concurrentExecutions` counts it. */
  invocationStarted?(event: { readonly functionName: string; readonly concurrentExecutions: number }): void;
  invocationEnded?(event: InvocationEnd): void;
  /** A call was refused for lack of concurrency (TooManyRequestsException). */
  throttled?(event: { readonly functionName: string }): void;
}
