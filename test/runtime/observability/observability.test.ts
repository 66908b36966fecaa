import { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLogger } from '../../../runtime/observability/logger.ts';
import { addMetricValues, createConsumerMetrics } from '../../../runtime/observability/metrics.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

function namespaceOf(metrics: Metrics): unknown {
  metrics.addMetric('Probe', 'Count', 1);
  const serialized = metrics.serializeMetrics();
  metrics.clearMetrics();
  return serialized._aws.CloudWatchMetrics[0]?.Namespace;
}

describe('defaultLogger', () => {
  it('creates one Powertools Logger for the process', () => {
    const first = defaultLogger();

    expect(first).toBeInstanceOf(Logger);
    expect(defaultLogger()).toBe(first);
  });
});

describe('createConsumerMetrics', () => {
  it('emits in the Ferry namespace by default', () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', '');

    expect(namespaceOf(createConsumerMetrics())).toBe('Ferry');
  });

  it('emits in the namespace POWERTOOLS_METRICS_NAMESPACE names', () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Shop');

    expect(namespaceOf(createConsumerMetrics())).toBe('Shop');
  });
});

describe('addMetricValues', () => {
  it('adds one value per entry', () => {
    const added: number[] = [];

    addMetricValues(
      { addMetric: (_name, _unit, value) => added.push(value) },
      'T',
      'Milliseconds',
      [3, 1, 4],
    );

    expect(added).toEqual([3, 1, 4]);
  });
});
