/**
 * The error document Lambda returns for a failed invocation (`X-Amz-Function-Error: Unhandled`):
 * `errorType`, `errorMessage` and `trace` (the stack, one line per entry).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
export interface LambdaFunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/**
 * Formats anything a handler threw the way the Node.js runtime does: an Error gives its name,
 * message and stack lines; any other value gives its `typeof` and its string form.
 * (Behaviour of aws-lambda-nodejs-runtime-interface-client, src/utils/error.ts.)
 */
export function formatError(error: unknown): LambdaFunctionError {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function platformError(errorType: string, requestId: string, detail: string): LambdaFunctionError {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${detail}`, trace: [] };
}

/**
 * The invocation ran past the function's timeout; Lambda stops the environment.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html
 */
export function timeoutError(requestId: string, elapsedMillis: number): LambdaFunctionError {
  return platformError(
    'Sandbox.Timedout',
    requestId,
    `Task timed out after ${(elapsedMillis / 1000).toFixed(2)} seconds`,
  );
}

/**
 * The runtime process ended during the invocation (process.exit, an uncaught exception, a kill).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html
 */
export function exitError(requestId: string, exit: ProcessExit): LambdaFunctionError {
  return platformError('Runtime.ExitError', requestId, exitDetail(exit));
}

/** How a runtime thread ended: its exit code, or killed from outside. */
export type ProcessExit = { readonly code: number } | 'killed';

function exitDetail(exit: ProcessExit): string {
  if (exit === 'killed') return 'Runtime exited with error: signal: killed';
  if (exit.code === 0) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${exit.code}`;
}

/** The function used more memory than its `MemorySize`; Lambda kills the environment. */
export function outOfMemoryError(requestId: string): LambdaFunctionError {
  return platformError('Runtime.OutOfMemory', requestId, 'Runtime exited with error: signal: killed');
}

/**
 * The function's response is over the synchronous payload quota.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export function responseTooLargeError(limitBytes: number): LambdaFunctionError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${limitBytes} bytes).`,
    trace: [],
  };
}
