import type { LambdaNodeRuntime } from '../local-function-props.ts';
import type { HandlerFunction } from './handler-loader.ts';
import type { LocalLambdaContext } from './lambda-context.ts';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Calls a handler and settles with its outcome. On `nodejs24.x` only the returned value (or promise)
 * counts. On older runtimes a handler may also answer through `callback(error, result)` or the legacy
 * `context.succeed/fail/done`; the first answer wins. The event loop is not awaited after a callback
 * (`callbackWaitsForEmptyEventLoop` is informational here: a worker thread has no per-invocation loop).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
export function runHandler(
  handler: HandlerFunction,
  event: unknown,
  context: LocalLambdaContext,
  runtime: LambdaNodeRuntime,
): Promise<unknown> {
  if (runtime === 'nodejs24.x') return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown): void => {
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const legacy = {
      succeed: (result?: unknown) => callback(null, result),
      fail: (error: unknown) => callback(error ?? new Error('handled')),
      done: callback,
    };
    try {
      const returned = handler(event, Object.assign(context, legacy), callback);
      if (isThenable(returned)) returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}
