import { describe, expect, it } from 'vitest';
import { MetricStore, statistic } from '../../../local/observability/metric-store.ts';

const id = { namespace: 'AWS/SQS', metricName: 'NumberOfMessagesSent', dimensions: { QueueName: 'q' } };

describe('MetricStore', () => {
  it('answers a statistic per period bucket, missing where there are no samples', () => {
    const store = new MetricStore({ now: () => 10_000 });
    store.record(id, 1, 1_000);
    store.record(id, 2, 1_500);
    store.record(id, 5, 5_000);

    const points = store.datapoints(id, 'Sum', 2_000, 0, 5_999);

    expect(points).toEqual([
      { timestampMillis: 0, value: 3 },
      { timestampMillis: 2_000, value: undefined },
      { timestampMillis: 4_000, value: 5 },
    ]);
  });

  it('matches dimensions whatever their order', () => {
    const store = new MetricStore({ now: () => 0 });
    store.record({ namespace: 'N', metricName: 'M', dimensions: { a: '1', b: '2' } }, 4, 0);

    const points = store.datapoints(
      { namespace: 'N', metricName: 'M', dimensions: { b: '2', a: '1' } },
      'Maximum',
      1_000,
      0,
      0,
    );

    expect(points[0]?.value).toBe(4);
  });

  it('drops samples older than the retention but keeps the totals', () => {
    let now = 0;
    const store = new MetricStore({ retentionMillis: 1_000, now: () => now });
    store.record(id, 1, 0);
    now = 5_000;
    store.record(id, 2, 5_000);

    const points = store.datapoints(id, 'SampleCount', 10_000, 0, 5_000);

    expect(points[0]?.value).toBe(1);
    expect(store.summaries()[0]).toMatchObject({ sampleCount: 2, sum: 3, last: 2 });
  });
});

describe('statistic', () => {
  it('computes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);

    expect(statistic('p99', samples)).toBe(99);
    expect(statistic('p50', samples)).toBe(50);
  });

  it('throws for a statistic it does not know', () => {
    expect(() => statistic('tm99', [1])).toThrow(/Statistic "tm99" is not supported locally/);
  });
});
