import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DEFAULT_METRICS_NAMESPACE } from '../contract.ts';

/**
 * Names of the outbox's EMF metrics (namespace `Ferry` unless `POWERTOOLS_METRICS_NAMESPACE`
 * says otherwise; dimension `service`, plus `target` on {@link OUTBOX_METRICS.published}).
 */
export const OUTBOX_METRICS = {
  /** Events delivered to a target; dimension `target` (`sqs:<queue>`, `sns:<topic>`, `eventbridge:<bus>`). Count. */
  published: 'OutboxEventsPublished',
  /** Events not delivered after retries (their shard retries from the lowest). Count. */
  publishFailures: 'OutboxPublishFailures',
  /** Poison events parked in the relay DLQ (no route, too large, rejected, undecodable). Count. */
  poisonParked: 'OutboxPoisonParked',
  /** Publish time minus `occurredAt`, one value per published event. Milliseconds. */
  lag: 'OutboxLag',
  /** Events the rehydrator read back from the stream and parked after the relay gave up. Count. */
  rehydrated: 'OutboxEventsRehydrated',
} as const;

/** The metrics sink of the relay and rehydrator. */
export interface OutboxMetrics {
  count(name: string, value: number, dimensions?: Readonly<Record<string, string>>): void;
  milliseconds(name: string, values: readonly number[]): void;
  /** Writes what is buffered (one EMF line per 100 values at most). */
  flush(): void;
}

/**
 * Outbox metrics as Powertools EMF log lines (no API call). Dimensioned counts go out at once as
 * single metrics so their `target` dimension stays off the other metrics.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
 */
export function createOutboxMetrics(
  metrics: Metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
  }),
): OutboxMetrics {
  // Powertools warns when asked to publish nothing; only flush what was added.
  let buffered = false;
  return {
    count: (name, value, dimensions) => {
      if (dimensions === undefined || Object.keys(dimensions).length === 0) {
        metrics.addMetric(name, MetricUnit.Count, value);
        buffered = true;
        return;
      }
      const single = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
      single.addMetric(name, MetricUnit.Count, value);
    },
    milliseconds: (name, values) => {
      for (const value of values) metrics.addMetric(name, MetricUnit.Milliseconds, value);
      buffered ||= values.length > 0;
    },
    flush: () => {
      if (buffered) metrics.publishStoredMetrics();
      buffered = false;
    },
  };
}

/** A sink that drops everything (for benchmarks and callers that do not want metrics). */
export const NO_OUTBOX_METRICS: OutboxMetrics = {
  count: () => undefined,
  milliseconds: () => undefined,
  flush: () => undefined,
};
