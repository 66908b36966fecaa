import type { InvocationObserver, LogSink } from '../lambda/index.ts';
import { parseEmf } from './emf.ts';
import type { MetricStore } from './metric-store.ts';

/**
 * Records the `AWS/Lambda` metrics of every function (dimension `FunctionName`): `Invocations`
 * (each call that reached the function, failed or not), `Errors`, `Throttles`, `Duration` (ms) and
 * `ConcurrentExecutions` (sampled at every start and end; graph its Maximum).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export function lambdaMetricsObserver(store: MetricStore): InvocationObserver {
  const id = (functionName: string, metricName: string) => ({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionName },
  });
  return {
    invocationStarted: ({ functionName, concurrentExecutions }) => {
      store.record(id(functionName, 'ConcurrentExecutions'), concurrentExecutions, undefined, 'Count');
    },
    invocationEnded: ({ functionName, durationMillis, ok, concurrentExecutions }) => {
      store.record(id(functionName, 'Invocations'), 1, undefined, 'Count');
      store.record(id(functionName, 'Errors'), ok ? 0 : 1, undefined, 'Count');
      store.record(id(functionName, 'Duration'), durationMillis, undefined, 'Milliseconds');
      store.record(id(functionName, 'ConcurrentExecutions'), concurrentExecutions, undefined, 'Count');
    },
    throttled: ({ functionName }) => {
      store.record(id(functionName, 'Throttles'), 1, undefined, 'Count');
    },
  };
}

/**
 * Passes every line on to `next` and records the custom metrics of EMF lines, as CloudWatch Logs
 * extracts them from a function's log group.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html
 */
export function emfLogSink(store: MetricStore, next: LogSink): LogSink {
  return (line) => {
    for (const sample of parseEmf(line.line))
      store.record(sample.id, sample.value, sample.timestampMillis, sample.unit);
    next(line);
  };
}
