import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MessageQueue } from '../message-queue.ts';
import { ALARM_PERIOD, ferryAlarm } from './alarms.ts';
import {
  functionAlarms,
  functionWidgets,
  mappingWidget,
  STREAM_MAPPING_COUNTS,
} from './function-monitoring.ts';
import { graph } from './widgets.ts';

/** What the outbox alarms and graphs look at. */
export interface OutboxMonitoringTargets {
  readonly relay: lambda.IFunction;
  readonly relayDeadLetterQueue: sqs.IQueue;
}

/**
 * The relay's alarms: iterator age (how far the relay lags behind the writes), relay DLQ not
 * empty, and the relay function's error rate, throttles and duration.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export function relayAlarms(
  scope: Construct,
  targets: OutboxMonitoringTargets & { readonly iteratorAgeThreshold: Duration; readonly timeout: Duration },
): cloudwatch.Alarm[] {
  const path = scope.node.path;
  return [
    ferryAlarm(scope, 'IteratorAgeAlarm', {
      metric: iteratorAge(targets.relay, 'Maximum'),
      threshold: targets.iteratorAgeThreshold.toMilliseconds(),
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: `The relay of ${path} lags more than ${targets.iteratorAgeThreshold.toHumanString()} behind the outbox writes: events reach consumers late. Check the relay's errors, throttles and destinations.`,
    }),
    ferryAlarm(scope, 'RelayDeadLetterQueueNotEmptyAlarm', {
      metric: targets.relayDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: ALARM_PERIOD,
      }),
      threshold: 0,
      description: `The relay DLQ of ${path} holds events that could not be published. Fix the destination or route, then replay them with \`npx ferry outbox replay\` (docs/operations.md).`,
    }),
    ...functionAlarms(new Construct(scope, 'RelayAlarms'), targets.relay, {
      errorRatePercent: 5,
      durationPercentOfTimeout: 80,
      timeout: targets.timeout,
    }),
  ];
}

/** Graphs of the outbox: relay lag, relay mapping counts, parked events, relay function. */
export function outboxWidgets(
  targets: OutboxMonitoringTargets & {
    readonly relayMappingId: string;
    readonly onFailureQueue: MessageQueue;
    readonly timeout: Duration;
  },
): cloudwatch.IWidget[] {
  return [
    graph('Relay lag: iterator age (ms)', [
      iteratorAge(targets.relay, 'Maximum').with({ label: 'max' }),
      iteratorAge(targets.relay, 'p99').with({ label: 'p99' }),
    ]),
    mappingWidget(targets.relayMappingId, STREAM_MAPPING_COUNTS),
    graph('Parked events', [
      targets.relayDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: ALARM_PERIOD,
        label: 'relay DLQ',
      }),
      targets.onFailureQueue.queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: ALARM_PERIOD,
        label: 'awaiting rehydration',
      }),
    ]),
    ...functionWidgets(targets.relay, targets.timeout, undefined),
  ];
}

function iteratorAge(fn: lambda.IFunction, statistic: string): cloudwatch.Metric {
  return fn.metric('IteratorAge', { statistic, period: ALARM_PERIOD });
}
