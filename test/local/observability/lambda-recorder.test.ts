import { afterAll, describe, expect, it, vi } from 'vitest';
import { LocalFunction } from '../../../local/lambda/index.ts';
import { emfLogSink, lambdaMetricsObserver } from '../../../local/observability/lambda-recorder.ts';
import { MetricStore } from '../../../local/observability/metric-store.ts';
import { cjsHandler, collectLogs, fixtureBundles } from '../lambda/fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

const HANDLER = cjsHandler(`
  if (event.fail) throw new Error('boom');
  console.log(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [[]], Metrics: [{ Name: 'Orders', Unit: 'Count' }] }] }, Orders: 2 }));
  return 'ok';
`);

async function observedFunction(props: { reservedConcurrency?: number } = {}) {
  const store = new MetricStore();
  const logs = collectLogs();
  const fn = bundles.track(
    new LocalFunction({
      functionName: 'Pay',
      codeDir: await bundles.write(HANDLER),
      logSink: emfLogSink(store, logs.sink),
      observer: lambdaMetricsObserver(store),
      ...props,
    }),
  );
  const total = (metricName: string, namespace = 'AWS/Lambda') =>
    store.summaries().find((s) => s.id.namespace === namespace && s.id.metricName === metricName)?.sum;
  return { fn, store, total, logs };
}

describe('lambdaMetricsObserver', () => {
  it('counts invocations and errors and records durations under FunctionName', async () => {
    const { fn, store, total } = await observedFunction();

    await fn.invoke({});
    await fn.invoke({ fail: true });

    expect(total('Invocations')).toBe(2);
    expect(total('Errors')).toBe(1);
    const duration = store.summaries().find((s) => s.id.metricName === 'Duration');
    expect(duration).toMatchObject({ sampleCount: 2, id: { dimensions: { FunctionName: 'Pay' } } });
  });

  it('counts a call refused for concurrency as a throttle, not an invocation', async () => {
    const { fn, total } = await observedFunction({ reservedConcurrency: 0 });

    await expect(fn.invoke({})).rejects.toThrow();

    expect(total('Throttles')).toBe(1);
    expect(total('Invocations')).toBeUndefined();
  });
});

describe('emfLogSink', () => {
  it('records the EMF metrics a function logs and passes the line on', async () => {
    const { fn, total, logs } = await observedFunction();

    await fn.invoke({});

    // A worker's output reaches the parent apart from its result (as CloudWatch Logs lag behind
    // the invocation on AWS), so the line may land just after invoke() resolves.
    await vi.waitFor(() => expect(total('Orders', 'Shop')).toBe(2), { timeout: 5_000 });
    expect(logs.lines.some((line) => line.line.includes('"Orders":2'))).toBe(true);
  });
});
