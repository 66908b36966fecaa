import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordIteratorAge, recordMappingCounts } from '../../../local/observability/mapping-recorder.ts';
import { MetricStore } from '../../../local/observability/metric-store.ts';

const sum = (store: MetricStore, metricName: string) =>
  store.summaries().find((s) => s.id.metricName === metricName)?.sum;

describe('recordMappingCounts', () => {
  it('records what each counter grew by since the last call, by mapping UUID', () => {
    const store = new MetricStore();
    const stats = { polledEventCount: 3, invokedEventCount: 2, invocations: 1 };
    const previous = new Map<string, Record<string, number>>();
    const mappings = [{ uuid: 'u-1', functionName: 'f', stats, queueName: 'orders' }];
    recordMappingCounts(mappings, previous, store);
    stats.polledEventCount = 5;

    recordMappingCounts(mappings, previous, store);

    expect(sum(store, 'PolledEventCount')).toBe(5);
    expect(sum(store, 'InvokedEventCount')).toBe(2);
    expect(store.summaries().find((s) => s.id.metricName === 'PolledEventCount')?.id.dimensions).toEqual({
      EventSourceMappingUUID: 'u-1',
    });
    expect(sum(store, 'Invocations')).toBeUndefined();
  });

  it('counts the events an SQS mapping polled as messages received from its queue', () => {
    const store = new MetricStore();

    recordMappingCounts(
      [{ uuid: 'u-1', functionName: 'f', stats: { polledEventCount: 4 }, queueName: 'orders' }],
      new Map(),
      store,
    );

    const received = store.summaries().find((s) => s.id.metricName === 'NumberOfMessagesReceived');
    expect(received).toMatchObject({
      sum: 4,
      id: { namespace: 'AWS/SQS', dimensions: { QueueName: 'orders' } },
    });
  });
});

describe('recordIteratorAge', () => {
  const NOW = Date.UTC(2026, 0, 1, 12, 30, 20);
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records the age of the newest record of a stream batch', () => {
    const store = new MetricStore();
    const createdSeconds = (NOW - 5_500) / 1000;

    recordIteratorAge(store, 'relay', {
      Records: [{ dynamodb: { ApproximateCreationDateTime: createdSeconds } }],
    });

    expect(sum(store, 'IteratorAge')).toBe(5_500);
  });

  it('reads a time rounded down to the minute as the latest the rounding allows', () => {
    const store = new MetricStore();
    // 12:28:00, as DynamoDB Local writes a record made at 12:28:xx.

    recordIteratorAge(store, 'relay', {
      Records: [{ dynamodb: { ApproximateCreationDateTime: (NOW - 140_000) / 1000 } }],
    });

    expect(sum(store, 'IteratorAge')).toBe(NOW - (Date.UTC(2026, 0, 1, 12, 28, 0) + 59_999));
  });

  it('records nothing for an SQS batch', () => {
    const store = new MetricStore();

    recordIteratorAge(store, 'consumer', { Records: [{ body: '{}' }] });

    expect(store.summaries()).toEqual([]);
  });
});
