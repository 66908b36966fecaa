import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LocalFunction } from '../../../local/lambda/index.ts';
import { cjsHandler, collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());
afterEach(() => {
  vi.unstubAllEnvs();
});

const COUNTER = cjsHandler(`
  if (event.sleepMillis) await new Promise((resolve) => setTimeout(resolve, event.sleepMillis));
  return { invocations, moduleId: globalThis.moduleId ??= Math.random() };
`);

async function localFunction(
  files: Record<string, string>,
  props: Partial<ConstructorParameters<typeof LocalFunction>[0]> = {},
) {
  const codeDir = await bundles.write(files);
  return bundles.track(
    new LocalFunction({ functionName: 'Counter', codeDir, logSink: collectLogs().sink, ...props }),
  );
}

describe('LocalFunction', () => {
  it('reuses a warm environment, keeping the module state between invocations', async () => {
    const fn = await localFunction(COUNTER);

    const first = await fn.invoke({});
    const second = await fn.invoke({});

    expect(first).toMatchObject({ ok: true, coldStart: true, payload: { invocations: 1 } });
    expect(second).toMatchObject({ ok: true, coldStart: false, payload: { invocations: 2 } });
    expect(second.environmentId).toBe(first.environmentId);
  });

  it('starts a new environment, cold, when every existing one is busy', async () => {
    const fn = await localFunction(COUNTER);

    const [a, b] = await Promise.all([fn.invoke({ sleepMillis: 150 }), fn.invoke({ sleepMillis: 150 })]);
    const c = await fn.invoke({});

    expect([a.coldStart, b.coldStart, c.coldStart]).toEqual([true, true, false]);
    expect(a.environmentId).not.toBe(b.environmentId);
    expect(a).toMatchObject({ ok: true, payload: { invocations: 1 } });
    expect(b).toMatchObject({ ok: true, payload: { invocations: 1 } });
    expect(fn.environments()).toHaveLength(2);
  });

  it('reports init and handler durations separately on a cold start', async () => {
    const fn = await localFunction(COUNTER);

    const cold = await fn.invoke({ sleepMillis: 50 });
    const warm = await fn.invoke({});

    expect(cold.initDurationMillis).toBeGreaterThan(0);
    expect(cold.durationMillis).toBeGreaterThanOrEqual(45);
    expect(warm.initDurationMillis).toBeUndefined();
  });

  it('round-trips the event and the result through JSON, as Lambda does', async () => {
    const fn = await localFunction(
      cjsHandler('return { echoed: event, when: new Date(0), nothing: undefined };'),
    );

    const result = await fn.invoke({ id: 7, nested: [1, 'two'] });

    expect(result).toMatchObject({
      ok: true,
      payload: { echoed: { id: 7, nested: [1, 'two'] }, when: '1970-01-01T00:00:00.000Z' },
    });
    expect(result.ok && Object.keys(result.payload as object)).toEqual(['echoed', 'when']);
  });

  it('answers null when the handler returns nothing', async () => {
    const fn = await localFunction(cjsHandler('return undefined;'));

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: true, payload: null });
  });

  it('gives each function its own environment variables, invisible to others and to the host', async () => {
    const files = cjsHandler(`
      const seen = { color: process.env.COLOR, leak: process.env.LEAK, host: process.env.FERRY_HOST_ONLY };
      process.env.LEAK = context.functionName;
      return seen;
    `);
    vi.stubEnv('FERRY_HOST_ONLY', 'host');
    const red = await localFunction(files, { functionName: 'Red', environment: { COLOR: 'red' } });
    const blue = await localFunction(files, { functionName: 'Blue', environment: { COLOR: 'blue' } });

    await red.invoke({});
    const redAgain = await red.invoke({});
    const blueResult = await blue.invoke({});

    expect(redAgain).toMatchObject({ ok: true, payload: { color: 'red', leak: 'Red' } });
    expect(blueResult).toMatchObject({ ok: true, payload: { color: 'blue' } });
    expect(blueResult.ok && blueResult.payload).not.toHaveProperty('leak');
    expect(blueResult.ok && blueResult.payload).not.toHaveProperty('host');
    expect(process.env.LEAK).toBeUndefined();
  });

  it("sets Lambda's runtime environment variables", async () => {
    const fn = await localFunction(cjsHandler('return { ...process.env };'), {
      functionName: 'Orders',
      memorySizeMb: 256,
      region: 'eu-west-1',
    });

    const result = await fn.invoke({});

    expect(result).toMatchObject({
      ok: true,
      payload: {
        AWS_LAMBDA_FUNCTION_NAME: 'Orders',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/Orders',
        AWS_ACCESS_KEY_ID: 'local',
        LAMBDA_TASK_ROOT: fn.codeDir,
        _HANDLER: 'index.handler',
        TZ: ':UTC',
        LANG: 'en_US.UTF-8',
      },
    });
    expect(result.ok && result.payload).toHaveProperty(
      'AWS_LAMBDA_LOG_STREAM_NAME',
      expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
    );
  });

  it('passes a Lambda context with identity fields and a request id', async () => {
    const fn = await localFunction(cjsHandler('return { ...context };'), {
      functionName: 'Ctx',
      region: 'us-east-1',
    });

    const result = await fn.invoke({});

    expect(result).toMatchObject({
      ok: true,
      payload: {
        functionName: 'Ctx',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Ctx',
        memoryLimitInMB: '128',
        awsRequestId: result.requestId,
        logGroupName: '/aws/lambda/Ctx',
      },
    });
    expect(result.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('counts getRemainingTimeInMillis down from the timeout', async () => {
    const fn = await localFunction(
      cjsHandler(`
        const before = context.getRemainingTimeInMillis();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { before, after: context.getRemainingTimeInMillis() };
      `),
      { timeoutSeconds: 2 },
    );

    const result = await fn.invoke({});

    const { before, after } = (result.ok ? result.payload : {}) as { before: number; after: number };
    expect(before).toBeLessThanOrEqual(2000);
    expect(before).toBeGreaterThan(1500);
    expect(before - after).toBeGreaterThanOrEqual(90);
  });

  it('runs an ESM handler from index.mjs', async () => {
    const fn = await localFunction({
      'index.mjs':
        'export const handler = async (event) => ({ esm: typeof require === "undefined", got: event.n });',
    });

    const result = await fn.invoke({ n: 3 });

    expect(result).toMatchObject({ ok: true, payload: { esm: true, got: 3 } });
  });

  it('runs a handler in a sub-folder with a dotted export path', async () => {
    const fn = await localFunction(
      { 'src/app.js': 'exports.api = { orders: async () => "nested" };' },
      { handler: 'src/app.api.orders' },
    );

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: true, payload: 'nested' });
  });

  it('runs the environments of a background function at the niceness it was given', async () => {
    const NICENESS = cjsHandler(
      `
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  return { thread: require('node:os').getPriority(tid), process: require('node:os').getPriority(process.pid) };
`,
    );
    const niced = await localFunction(NICENESS, { functionName: 'Niced', cpuNiceness: 10 });
    const plain = await localFunction(NICENESS, { functionName: 'Plain' });

    const [background, foreground] = await Promise.all([niced.invoke({}), plain.invoke({})]);

    expect(background).toMatchObject({ ok: true, payload: { thread: 10 } });
    expect(foreground).toMatchObject({ ok: true, payload: { thread: 0 } });
    // Only the environment's thread is niced, not the process that hosts the local cloud.
    expect(background.ok && (background.payload as { process: number }).process).toBe(0);
  });
});
