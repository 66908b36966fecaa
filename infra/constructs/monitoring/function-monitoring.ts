import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ALARM_PERIOD, ferryAlarm } from './alarms.ts';
import { graph } from './widgets.ts';

/** Thresholds of a consumer function's alarms. */
export interface FunctionAlarmThresholds {
  readonly errorRatePercent: number;
  readonly durationPercentOfTimeout: number;
  readonly timeout: Duration;
}

/**
 * Event source mapping counts, published when the mapping opts in with `MetricsConfig: EventCount`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export const SQS_MAPPING_COUNTS = [
  'PolledEventCount',
  'InvokedEventCount',
  'FailedInvokeEventCount',
  'DeletedEventCount',
  'FilteredOutEventCount',
  'DroppedEventCount',
] as const;

/** Stream mapping counts, with the on-failure deliveries that the rehydrator picks up. */
export const STREAM_MAPPING_COUNTS = [
  'PolledEventCount',
  'InvokedEventCount',
  'FailedInvokeEventCount',
  'FilteredOutEventCount',
  'OnFailureDestinationDeliveredEventCount',
] as const;

/** One event source mapping metric (Sum per minute), by mapping UUID. */
export function mappingMetric(mappingId: string, metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { EventSourceMappingUUID: mappingId },
    statistic: 'Sum',
    period: ALARM_PERIOD,
    label: metricName,
  });
}

/**
 * A function's alarms: error rate (invocations that threw or timed out), throttles, and p99
 * duration near the timeout. Each needs 2 of 3 one-minute datapoints, so a single blip does not page.
 */
export function functionAlarms(
  scope: Construct,
  fn: lambda.IFunction,
  thresholds: FunctionAlarmThresholds,
): cloudwatch.Alarm[] {
  const path = scope.node.path;
  const timeoutMillis = thresholds.timeout.toMilliseconds();
  const durationThreshold = Math.round((timeoutMillis * thresholds.durationPercentOfTimeout) / 100);
  const sustained = { evaluationPeriods: 3, datapointsToAlarm: 2 };
  return [
    ferryAlarm(scope, 'ErrorRateAlarm', {
      metric: errorRate(fn),
      threshold: thresholds.errorRatePercent,
      description: `More than ${thresholds.errorRatePercent}% of invocations of ${path} throw or time out (whole batches retried). Check its logs for the error and the DLQ for dead-lettered messages.`,
      ...sustained,
    }),
    ferryAlarm(scope, 'ThrottlesAlarm', {
      metric: fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 0,
      description: `${path} is throttled: account or reserved concurrency is exhausted, so messages wait. Raise the concurrency limit or lower the mapping's maxConcurrency.`,
      ...sustained,
    }),
    ferryAlarm(scope, 'DurationAlarm', {
      metric: fn.metricDuration({ period: ALARM_PERIOD, statistic: 'p99' }),
      threshold: durationThreshold,
      description: `p99 duration of ${path} is above ${thresholds.durationPercentOfTimeout}% of its ${thresholds.timeout.toHumanString()} timeout; timeouts retry whole batches. Find the slow dependency or raise the timeout.`,
      ...sustained,
    }),
  ];
}

/** Errors as a percentage of invocations, 0 when there were none. */
export function errorRate(fn: lambda.IFunction): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
    usingMetrics: {
      errors: fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      invocations: fn.metricInvocations({ period: ALARM_PERIOD, statistic: 'Sum' }),
    },
    period: ALARM_PERIOD,
    label: 'error rate (%)',
  });
}

/** Graphs of a function: invocations and errors, throttles, concurrency, duration against its timeout. */
export function functionWidgets(
  fn: lambda.IFunction,
  timeout: Duration,
  maxConcurrency: number | undefined,
): cloudwatch.IWidget[] {
  return [
    graph('Invocations and errors', [
      fn.metricInvocations({ period: ALARM_PERIOD, statistic: 'Sum', label: 'invocations' }),
      fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum', label: 'errors' }),
    ]),
    graph('Throttles', [fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum', label: 'throttles' })]),
    graph(
      'Concurrency',
      [
        fn.metric('ConcurrentExecutions', {
          period: ALARM_PERIOD,
          statistic: 'Maximum',
          label: 'concurrent executions',
        }),
      ],
      maxConcurrency === undefined ? undefined : { label: 'maxConcurrency', value: maxConcurrency },
    ),
    graph(
      'Duration (ms)',
      [
        fn.metricDuration({ period: ALARM_PERIOD, statistic: 'p99', label: 'p99' }),
        fn.metricDuration({ period: ALARM_PERIOD, statistic: 'Average', label: 'average' }),
      ],
      { label: 'timeout', value: timeout.toMilliseconds() },
    ),
  ];
}

/** A graph of an event source mapping's counts. */
export function mappingWidget(mappingId: string, metricNames: readonly string[]): cloudwatch.IWidget {
  return graph(
    'Event source mapping',
    metricNames.map((name) => mappingMetric(mappingId, name)),
  );
}
