import type { RuntimeBootData } from '../worker-protocol.ts';

/** The context object a handler receives. */
export interface LocalLambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  /** A string, as Lambda passes it (it comes from an environment variable). */
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Milliseconds until the invocation times out, counted against the real clock. */
  getRemainingTimeInMillis(): number;
  /** Present on runtimes before Node.js 24 only, as on Lambda. */
  callbackWaitsForEmptyEventLoop?: boolean;
}

/**
 * Builds the context of one invocation. `getRemainingTimeInMillis` is `deadline - Date.now()`, as the
 * Node.js runtime computes it from the `Lambda-Runtime-Deadline-Ms` header.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export function buildLambdaContext(
  boot: RuntimeBootData,
  requestId: string,
  deadlineMillis: number,
): LocalLambdaContext {
  const context: LocalLambdaContext = {
    functionName: boot.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: boot.invokedFunctionArn,
    memoryLimitInMB: String(boot.memorySizeMb),
    awsRequestId: requestId,
    logGroupName: boot.logGroupName,
    logStreamName: boot.logStreamName,
    getRemainingTimeInMillis: () => deadlineMillis - Date.now(),
  };
  // Node.js 24 removed the flag together with callback handlers.
  if (boot.runtime !== 'nodejs24.x') context.callbackWaitsForEmptyEventLoop = true;
  return context;
}
