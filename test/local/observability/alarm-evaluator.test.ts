import { describe, expect, it } from 'vitest';
import type { ResolvedResource } from '../../../local/cfn/index.ts';
import { AlarmEvaluator } from '../../../local/observability/alarm-evaluator.ts';
import { alarmModels } from '../../../local/observability/alarm-models.ts';
import { MetricStore } from '../../../local/observability/metric-store.ts';

const resource = (
  logicalId: string,
  type: string,
  properties: Record<string, unknown>,
): ResolvedResource => ({
  stackName: 'S',
  logicalId,
  type,
  effect: 'modelled',
  physicalId: logicalId,
  ref: logicalId,
  attributes: { Arn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${logicalId}` },
  properties,
  metadata: {},
});

const fn = [{ Name: 'FunctionName', Value: 'pay' }];
const metricStat = (metricName: string) => ({
  Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: fn },
  Period: 60,
  Stat: 'Sum',
});
const RESOURCES = [
  resource('Dlq', 'AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: 'dlq' }],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: ['arn:aws:sns:us-east-1:000000000000:alarms'],
  }),
  resource('ErrorRate', 'AWS::CloudWatch::Alarm', {
    Metrics: [
      { Id: 'expr_1', Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)', ReturnData: true },
      { Id: 'errors', MetricStat: metricStat('Errors'), ReturnData: false },
      { Id: 'invocations', MetricStat: metricStat('Invocations'), ReturnData: false },
    ],
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  }),
  resource('Unhealthy', 'AWS::CloudWatch::CompositeAlarm', {
    AlarmRule:
      'ALARM("arn:aws:cloudwatch:us-east-1:000000000000:alarm:Dlq") OR ALARM("arn:aws:cloudwatch:us-east-1:000000000000:alarm:ErrorRate")',
  }),
];

function setUp() {
  const store = new MetricStore({ now: () => 0 });
  const evaluator = new AlarmEvaluator({
    store,
    alarms: alarmModels(RESOURCES, () => {}),
    periodScale: 0.01,
  });
  const state = (name: string) => evaluator.statuses().find((s) => s.name === name)?.state;
  return { store, evaluator, state };
}

describe('AlarmEvaluator', () => {
  it('starts every alarm in INSUFFICIENT_DATA and settles idle ones in OK', () => {
    const { evaluator, state } = setUp();
    const before = state('Dlq');

    evaluator.evaluate(10_000);

    expect(before).toBe('INSUFFICIENT_DATA');
    expect(evaluator.statuses().map((s) => s.state)).toEqual(['OK', 'OK', 'OK']);
  });

  it('alarms on a DLQ depth above zero within a scaled period and fires the composite alarm', () => {
    const { store, evaluator, state } = setUp();
    store.record(
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'dlq' },
      },
      1,
      10_250,
    );

    const transitions = evaluator.evaluate(10_300);

    expect(state('Dlq')).toBe('ALARM');
    expect(state('Unhealthy')).toBe('ALARM');
    expect(transitions.find((t) => t.model.name === 'Dlq')?.model.actions.ALARM).toEqual([
      'arn:aws:sns:us-east-1:000000000000:alarms',
    ]);
  });

  it('evaluates a metric math alarm over 2 of 3 scaled periods', () => {
    const { store, evaluator, state } = setUp();
    const id = (metricName: string) => ({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: 'pay' },
    });
    // Periods of 600 ms (60 s scaled by 0.01): errors in two of the last three.
    for (const at of [10_000, 10_700]) {
      store.record(id('Invocations'), 1, at);
      store.record(id('Errors'), 1, at);
    }
    store.record(id('Invocations'), 1, 11_000);
    store.record(id('Errors'), 0, 11_000);

    evaluator.evaluate(11_100);

    expect(state('ErrorRate')).toBe('ALARM');
  });

  it('returns to OK when the breach is over', () => {
    const { store, evaluator, state } = setUp();
    const dlq = {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'dlq' },
    };
    store.record(dlq, 1, 10_250);
    evaluator.evaluate(10_300);
    store.record(dlq, 0, 10_900);

    evaluator.evaluate(10_950);

    expect(state('Dlq')).toBe('OK');
    expect(state('Unhealthy')).toBe('OK');
  });
});

describe('alarmModels', () => {
  it('leaves out an anomaly detection alarm with a warning', () => {
    const warnings: string[] = [];
    const band = resource('Band', 'AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
    });

    const models = alarmModels([band], (line) => warnings.push(line));

    expect(models).toEqual([]);
    expect(warnings[0]).toMatch(
      /Band: LessThanLowerOrGreaterThanUpperThreshold alarms are not evaluated locally/,
    );
  });
});
