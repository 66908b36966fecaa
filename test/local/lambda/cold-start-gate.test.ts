import { afterAll, describe, expect, it } from 'vitest';
import { ColdStartGate, LocalFunction } from '../../../local/lambda/index.ts';
import { collectLogs, fixtureBundles, sleep } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

// Init code that keeps a CPU busy for 150 ms and remembers when it ran.
const SLOW_INIT = {
  'index.js': `
    const initStarted = Date.now();
    while (Date.now() - initStarted < 150) {}
    const initEnded = Date.now();
    exports.handler = async () => ({ initStarted, initEnded });
  `,
};

describe('ColdStartGate', () => {
  it('admits up to its limit and lets the next waiter in on release', async () => {
    const gate = new ColdStartGate(2);
    const first = await gate.acquire();
    await gate.acquire();
    let thirdIn = false;
    const third = gate.acquire().then((release) => {
      thirdIn = true;
      return release;
    });
    await sleep(20);
    const waitedWhileFull = !thirdIn;

    first();
    await third;

    expect(waitedWhileFull).toBe(true);
    expect(thirdIn).toBe(true);
    expect(gate.active).toBe(2);
  });

  it('throws on a limit below 1', () => {
    expect(() => new ColdStartGate(0)).toThrow('ColdStartGate limit must be an integer of at least 1, got 0');
  });
});

describe('LocalFunction cold starts', () => {
  it('initializes environments one after the other through a gate of 1', async () => {
    const codeDir = await bundles.write(SLOW_INIT);
    const fn = bundles.track(
      new LocalFunction({
        functionName: 'Gated',
        codeDir,
        logSink: collectLogs().sink,
        coldStartGate: new ColdStartGate(1),
      }),
    );

    const results = await Promise.all([fn.invoke({}), fn.invoke({})]);

    const spans = results.map(
      (result) => (result.ok ? result.payload : {}) as { initStarted: number; initEnded: number },
    );
    const [earlier, later] = spans.sort((a, b) => a.initStarted - b.initStarted);
    expect(results.map((result) => result.coldStart)).toEqual([true, true]);
    expect(later?.initStarted).toBeGreaterThanOrEqual(earlier?.initEnded ?? Number.POSITIVE_INFINITY);
  });

  it('does not count time queued at the gate against the init limit', async () => {
    const codeDir = await bundles.write(SLOW_INIT);
    const gate = new ColdStartGate(1);
    const fn = bundles.track(
      new LocalFunction({
        functionName: 'Queued',
        codeDir,
        logSink: collectLogs().sink,
        coldStartGate: gate,
        initTimeoutSeconds: 1,
      }),
    );
    const release = await gate.acquire();
    const invoking = fn.invoke({});
    await sleep(1_200);

    release();
    const result = await invoking;

    expect(result).toMatchObject({ ok: true, coldStart: true });
    expect(result.initDurationMillis).toBeLessThan(1_000);
  });

  it('fails an invocation waiting at the gate as killed when the function is disposed', async () => {
    const codeDir = await bundles.write(SLOW_INIT);
    const gate = new ColdStartGate(1);
    const fn = new LocalFunction({
      functionName: 'Waiting',
      codeDir,
      logSink: collectLogs().sink,
      coldStartGate: gate,
    });
    const release = await gate.acquire();
    const invoking = fn.invoke({});

    await fn.dispose();
    release();

    expect(await invoking).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
    expect(gate.active).toBe(0);
  });
});
