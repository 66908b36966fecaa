import { afterAll, describe, expect, it } from 'vitest';
import {
  LocalFunction,
  type LocalFunctionProps,
  RequestTooLargeError,
  SYNC_PAYLOAD_LIMIT_BYTES,
} from '../../../local/lambda/index.ts';
import { cjsHandler, collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

async function localFunction(files: Record<string, string>, props: Partial<LocalFunctionProps> = {}) {
  const codeDir = await bundles.write(files);
  return bundles.track(
    new LocalFunction({ functionName: 'Failing', codeDir, logSink: collectLogs().sink, ...props }),
  );
}

describe('LocalFunction failures', () => {
  it('returns the error document of a thrown error and keeps the environment', async () => {
    const fn = await localFunction(cjsHandler('throw new TypeError("bad order");'));

    const failed = await fn.invoke({});
    const next = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      environmentDiscarded: false,
      error: { errorType: 'TypeError', errorMessage: 'bad order' },
    });
    expect(failed.ok ? [] : failed.error.trace[0]).toBe('TypeError: bad order');
    expect(failed.ok ? [] : failed.error.trace.join('\n')).toContain('index.js');
    expect(next).toMatchObject({ coldStart: false, environmentId: failed.environmentId });
  });

  it('formats a thrown non-Error value by its type', async () => {
    const fn = await localFunction(cjsHandler('throw "plain text";'));

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      error: { errorType: 'string', errorMessage: 'plain text', trace: [] },
    });
  });

  it('fails a timed-out invocation with Lambda’s message and discards its environment', async () => {
    const fn = await localFunction(
      cjsHandler('await new Promise((resolve) => setTimeout(resolve, 10_000));'),
      {
        timeoutSeconds: 0.3,
      },
    );

    const timedOut = await fn.invoke({});

    expect(timedOut).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Sandbox.Timedout' },
    });
    expect(timedOut.ok ? '' : timedOut.error.errorMessage).toMatch(
      new RegExp(`^RequestId: ${timedOut.requestId} Error: Task timed out after 0\\.3\\d seconds$`),
    );
    expect(fn.environments()).toEqual([]);
  });

  it('stops a handler stuck in a synchronous loop at its timeout, and the next invocation is cold', async () => {
    const fn = await localFunction(cjsHandler('if (event.spin) for (;;) {} return invocations;'), {
      timeoutSeconds: 0.3,
    });
    const warmed = await fn.invoke({});

    const spun = await fn.invoke({ spin: true });
    const after = await fn.invoke({});

    expect(spun).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(after).toMatchObject({ ok: true, coldStart: true, payload: 1 });
    expect(after.environmentId).not.toBe(warmed.environmentId);
  });

  it('fails with Runtime.ExitError and discards the environment when the handler calls process.exit', async () => {
    const fn = await localFunction(cjsHandler('process.exit(3);'));

    const exited = await fn.invoke({});

    expect(exited).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${exited.requestId} Error: Runtime exited with error: exit status 3`,
      },
    });
    expect(fn.environments()).toEqual([]);
  });

  it('fails with Runtime.ExitError without a reason when the handler exits with status 0', async () => {
    const fn = await localFunction(cjsHandler('process.exit(0);'));

    const exited = await fn.invoke({});

    expect(exited).toMatchObject({
      ok: false,
      error: {
        errorMessage: `RequestId: ${exited.requestId} Error: Runtime exited without providing a reason`,
      },
    });
  });

  it('fails with exit status 129 and logs the error when an exception escapes the promise', async () => {
    const logs = collectLogs();
    const fn = await localFunction(
      cjsHandler(`
        setTimeout(() => { throw new RangeError('escaped'); }, 10);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      `),
      { logSink: logs.sink },
    );

    const crashed = await fn.invoke({});

    expect(crashed).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ExitError' },
    });
    expect(crashed.ok ? '' : crashed.error.errorMessage).toContain('exit status 129');
    expect(
      logs.lines.some(
        (entry) => entry.line.startsWith('Uncaught Exception') && entry.line.includes('escaped'),
      ),
    ).toBe(true);
  });

  it('fails with exit status 128 on an unhandled promise rejection', async () => {
    const fn = await localFunction(
      cjsHandler(`
        Promise.reject(new Error('nobody listens'));
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      `),
    );

    const crashed = await fn.invoke({});

    expect(crashed).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ExitError' },
    });
    expect(crashed.ok ? '' : crashed.error.errorMessage).toContain('exit status 128');
  });

  it('fails with Runtime.OutOfMemory when the heap outgrows the memory size', async () => {
    const fn = await localFunction(
      cjsHandler('const keep = []; for (;;) keep.push(new Array(100_000).fill(Math.random()));'),
    );

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.OutOfMemory' },
    });
  });

  it('fails with Function.ResponseSizeTooLarge when the result is over 6 MB, keeping the environment', async () => {
    const fn = await localFunction(cjsHandler(`return 'x'.repeat(${SYNC_PAYLOAD_LIMIT_BYTES});`));

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      environmentDiscarded: false,
      error: { errorType: 'Function.ResponseSizeTooLarge' },
    });
  });

  it('throws RequestTooLargeError when the event is over 6 MB', async () => {
    const fn = await localFunction(cjsHandler('return 1;'));

    const invoking = fn.invoke({ blob: 'x'.repeat(SYNC_PAYLOAD_LIMIT_BYTES) });

    await expect(invoking).rejects.toBeInstanceOf(RequestTooLargeError);
    expect(fn.environments()).toEqual([]);
  });
});
