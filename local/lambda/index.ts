export { AccountConcurrency, type AccountConcurrencyOptions } from './account-concurrency.ts';
export { ColdStartGate, sharedColdStartGate } from './cold-start-gate.ts';
export {
  FunctionDisposedError,
  InvalidFunctionConfigError,
  isTooManyRequestsError,
  LocalLambdaError,
  RequestTooLargeError,
  type ThrottleReason,
  TooManyRequestsError,
} from './errors.ts';
export type { EnvironmentState } from './execution-environment.ts';
export { formatError, type LambdaFunctionError } from './function-error.ts';
export type {
  CompletedInvocation,
  EnvironmentInfo,
  InvokeOptions,
  InvokeResult,
} from './invocation.ts';
export type { InvocationEnd, InvocationObserver } from './invocation-observer.ts';
export { RESERVED_ENVIRONMENT_VARIABLES } from './lambda-environment-variables.ts';
export { LocalFunction } from './local-function.ts';
export {
  type LambdaNodeRuntime,
  LOCAL_ACCOUNT_ID,
  type LocalCredentials,
  type LocalFunctionProps,
  SYNC_PAYLOAD_LIMIT_BYTES,
} from './local-function-props.ts';
export { type LogLine, type LogSink, prefixedLogSink } from './log-sink.ts';
