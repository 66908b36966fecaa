import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_METRICS_NAMESPACE } from '../contract.ts';

/** Units the consumer's metrics use. */
export type ConsumerMetricUnit = 'Count' | 'Milliseconds';

/**
 * The metrics sink the consumer needs: a Powertools `Metrics` fits (values are buffered until
 * `publishStoredMetrics()`), as does any object with this method.
 */
export interface ConsumerMetrics {
  addMetric(name: string, unit: ConsumerMetricUnit, value: number): unknown;
}

/**
 * A Powertools Metrics instance in Ferry's namespace (unless `POWERTOOLS_METRICS_NAMESPACE` sets
 * another), emitting CloudWatch Embedded Metric Format log lines: no API call, no added latency.
 * The only dimension is `service` (from `POWERTOOLS_SERVICE_NAME`): per-message values such as
 * queue message ids never become dimensions, which would multiply metric cost.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
 */
export function createConsumerMetrics(): Metrics {
  return new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE });
}

/**
 * Adds `value` once per entry of `values` (Powertools flushes a line every 100 values, the EMF
 * limit per metric).
 */
export function addMetricValues(
  metrics: ConsumerMetrics,
  name: string,
  unit: ConsumerMetricUnit,
  values: readonly number[],
): void {
  for (const value of values) metrics.addMetric(name, unit, value);
}
