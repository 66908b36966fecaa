import { afterAll, describe, expect, it } from 'vitest';
import {
  AccountConcurrency,
  InvalidFunctionConfigError,
  isTooManyRequestsError,
  LocalFunction,
  type LocalFunctionProps,
  TooManyRequestsError,
} from '../../../local/lambda/index.ts';
import { cjsHandler, collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

const SLEEPER = cjsHandler(`
  await new Promise((resolve) => setTimeout(resolve, event.sleepMillis ?? 0));
  return 'done';
`);

async function localFunction(props: Partial<LocalFunctionProps> = {}) {
  const codeDir = await bundles.write(SLEEPER);
  return bundles.track(
    new LocalFunction({ functionName: 'Busy', codeDir, logSink: collectLogs().sink, ...props }),
  );
}

describe('LocalFunction concurrency', () => {
  it('throttles beyond its reserved concurrency with a TooManyRequestsException', async () => {
    const fn = await localFunction({ reservedConcurrency: 2 });
    const running = [fn.invoke({ sleepMillis: 300 }), fn.invoke({ sleepMillis: 300 })];

    const third = fn.invoke({});

    await expect(third).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      limit: 2,
    });
    expect(await Promise.all(running)).toMatchObject([{ ok: true }, { ok: true }]);
  });

  it('takes invocations again once a reserved slot is free', async () => {
    const fn = await localFunction({ reservedConcurrency: 1 });
    await fn.invoke({ sleepMillis: 10 });

    const again = await fn.invoke({});

    expect(again).toMatchObject({ ok: true, coldStart: false });
    expect(fn.inFlight).toBe(0);
  });

  it('throttles every invocation when reserved concurrency is 0', async () => {
    const fn = await localFunction({ reservedConcurrency: 0 });

    const invoking = fn.invoke({});

    await expect(invoking).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(fn.environments()).toEqual([]);
  });

  it('throttles an unreserved function when the account pool is used up', async () => {
    const account = new AccountConcurrency({ concurrentExecutions: 3 });
    await localFunction({ functionName: 'Reserved', reservedConcurrency: 2, account });
    const shared = await localFunction({ functionName: 'Shared', account });
    const running = shared.invoke({ sleepMillis: 300 });

    const second = shared.invoke({});

    await expect(second).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      reason: 'ConcurrentInvocationLimitExceeded',
      limit: 1,
    });
    expect(await running).toMatchObject({ ok: true });
    expect(account.unreservedInFlight).toBe(0);
  });

  it('lets a reserved function run up to its reservation while the unreserved pool is full', async () => {
    const account = new AccountConcurrency({ concurrentExecutions: 3 });
    const reserved = await localFunction({ functionName: 'Reserved', reservedConcurrency: 2, account });
    const shared = await localFunction({ functionName: 'Shared', account });
    const blocking = shared.invoke({ sleepMillis: 300 });

    const results = await Promise.all([
      reserved.invoke({ sleepMillis: 50 }),
      reserved.invoke({ sleepMillis: 50 }),
    ]);

    expect(results).toMatchObject([{ ok: true }, { ok: true }]);
    await blocking;
  });

  it('throws when a reservation does not fit in the account', async () => {
    const account = new AccountConcurrency({ concurrentExecutions: 10 });
    await localFunction({ functionName: 'First', reservedConcurrency: 8, account });

    const creating = localFunction({ functionName: 'Second', reservedConcurrency: 3, account });

    await expect(creating).rejects.toThrow(
      'Second: reservedConcurrency 3 is more than the 2 unreserved executions left of the account',
    );
  });

  it('returns a reservation to the pool on dispose', async () => {
    const account = new AccountConcurrency({ concurrentExecutions: 10 });
    const fn = await localFunction({ functionName: 'Temporary', reservedConcurrency: 4, account });

    await fn.dispose();

    expect(account.unreservedConcurrentExecutions).toBe(10);
  });

  it('throws on an account limit below 1', () => {
    expect(() => new AccountConcurrency({ concurrentExecutions: 0 })).toThrow(InvalidFunctionConfigError);
  });
});

describe('isTooManyRequestsError', () => {
  it('recognises a throttle by name, also from another copy of the class', () => {
    const foreign = Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException' });

    expect([isTooManyRequestsError(foreign), isTooManyRequestsError(new Error('other'))]).toEqual([
      true,
      false,
    ]);
  });
});
