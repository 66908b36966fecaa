import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../../local/observability/emf.ts';

const emf = (root: Record<string, unknown>) => JSON.stringify(root);

describe('parseEmf', () => {
  it('reads each metric of a directive with its dimensions, unit and timestamp', () => {
    const line = emf({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Ferry',
            Dimensions: [['service']],
            Metrics: [{ Name: 'ProcessedMessages', Unit: 'Count' }],
          },
        ],
      },
      service: 'payments',
      ProcessedMessages: 3,
    });

    const samples = parseEmf(line);

    expect(samples).toEqual([
      {
        id: { namespace: 'Ferry', metricName: 'ProcessedMessages', dimensions: { service: 'payments' } },
        value: 3,
        timestampMillis: 1_700_000_000_000,
        unit: 'Count',
      },
    ]);
  });

  it('yields one sample per array element and per dimension set', () => {
    const line = emf({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['a'], []], Metrics: [{ Name: 'Latency' }] }],
      },
      a: 'x',
      Latency: [5, 7],
    });

    const samples = parseEmf(line);

    expect(samples.map((s) => [s.id.dimensions, s.value])).toEqual([
      [{ a: 'x' }, 5],
      [{ a: 'x' }, 7],
      [{}, 5],
      [{}, 7],
    ]);
  });

  it('finds the JSON after a log prefix', () => {
    const body = emf({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [[]], Metrics: [{ Name: 'M' }] }],
      },
      M: 1,
    });

    const samples = parseEmf(`2026-01-01T00:00:00Z\treq\tINFO\t${body}`);

    expect(samples).toHaveLength(1);
  });

  it('skips a dimension set whose dimension value is missing', () => {
    const line = emf({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['service']], Metrics: [{ Name: 'M' }] }],
      },
      M: 1,
    });

    expect(parseEmf(line)).toEqual([]);
  });

  it('returns nothing for plain log lines and broken JSON', () => {
    expect(parseEmf('hello world')).toEqual([]);
    expect(parseEmf('{"_aws": {')).toEqual([]);
    expect(parseEmf(emf({ _aws: { CloudWatchMetrics: [] }, level: 'INFO' }))).toEqual([]);
  });
});
