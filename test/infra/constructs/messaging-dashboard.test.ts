import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageQueue } from '../../../infra/constructs/message-queue.ts';
import { MessagingDashboard } from '../../../infra/constructs/messaging-dashboard.ts';
import type { IMonitoredComponent } from '../../../infra/constructs/monitoring/monitored-component.ts';
import { QueueConsumer } from '../../../infra/constructs/queue-consumer.ts';
import { getAtt, logicalId, ref } from '../support/logical-id.ts';
import { appWithoutBundling, FIXTURE_ENTRY } from '../support/test-app.ts';

function build(stack: Stack) {
  const queue = new MessageQueue(stack, 'Orders');
  const consumer = new QueueConsumer(stack, 'OrderConsumer', { queue, entry: FIXTURE_ENTRY });
  const pager = new sns.Topic(stack, 'Pager', { enforceSSL: true });
  const dashboard = new MessagingDashboard(stack, 'Dashboard', {
    pipelineName: 'orders',
    components: [queue, consumer],
    pagingTopic: pager,
  });
  return { queue, consumer, pager, dashboard };
}

describe('MessagingDashboard', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  let body: string;

  beforeAll(() => {
    const stack = new Stack(appWithoutBundling(), 'Dash');
    built = build(stack);
    template = Template.fromStack(stack);
    body = JSON.stringify(
      template.toJSON().Resources[logicalId(built.dashboard.dashboard)].Properties.DashboardBody,
    );
  });

  it('names the dashboard after the pipeline', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orders-messaging' });
  });

  it('makes every registered alarm notify the alarm topic', () => {
    const alarms = [...built.queue.alarms, ...built.consumer.alarms];

    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) {
      expect(template.toJSON().Resources[logicalId(alarm)].Properties.AlarmActions).toEqual([
        ref(built.dashboard.alarmTopic),
      ]);
    }
  });

  it('creates an encrypted, TLS-only alarm topic whose key CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(built.dashboard.alarmTopic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('rolls every alarm up into a composite "pipeline unhealthy" alarm that pages', () => {
    const unhealthy = built.dashboard.unhealthyAlarm;
    if (unhealthy === undefined) throw new Error('expected a composite alarm');
    const properties = template.toJSON().Resources[logicalId(unhealthy)].Properties;
    const parts = properties.AlarmRule['Fn::Join'][1];

    expect(properties.AlarmActions).toEqual([ref(built.pager)]);
    expect(parts[0]).toBe('(ALARM("');
    expect(parts.filter((part: unknown) => part === '") OR ALARM("')).toHaveLength(4);
    expect(parts).toEqual(
      expect.arrayContaining(
        [...built.queue.alarms, ...built.consumer.alarms].map((alarm) => getAtt(alarm, 'Arn')),
      ),
    );
  });

  it('opens with the pipeline name, the runbook and the alarm status', () => {
    expect(body).toContain('# orders');
    expect(body).toContain('StartMessageMoveTask');
    expect(body).toContain('\\"type\\":\\"alarm\\"');
  });

  it('draws the age of the oldest message against its SLO and the duration against the timeout', () => {
    expect(body).toContain('\\"label\\":\\"SLO\\",\\"value\\":300');
    expect(body).toContain('\\"label\\":\\"timeout\\",\\"value\\":30000');
  });

  it('shows event source mapping counts by mapping UUID', () => {
    expect(body).toContain('EventSourceMappingUUID');
    expect(body).toContain('FailedInvokeEventCount');
  });
});

describe('MessagingDashboard validation', () => {
  it('throws when the components have more alarms than a composite alarm can watch', () => {
    const stack = new Stack(undefined, 'Big');
    const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'M' });
    const alarms = Array.from({ length: 101 }, (_, i) =>
      metric.createAlarm(stack, `A${i}`, { threshold: 1, evaluationPeriods: 1 }),
    );
    const component: IMonitoredComponent = {
      monitoringSections: () => [{ title: 'many', widgets: [], alarms }],
    };

    expect(
      () => new MessagingDashboard(stack, 'D', { pipelineName: 'big', components: [component] }),
    ).toThrow(
      'Big/D: the components have 101 alarms, over the 100 a composite alarm can watch. Split the pipeline into several dashboards.',
    );
  });

  it('creates no composite alarm when the components have no alarms', () => {
    const stack = new Stack(undefined, 'Quiet');
    const queue = new MessageQueue(stack, 'Q', { alarms: false });

    const dashboard = new MessagingDashboard(stack, 'D', { pipelineName: 'quiet', components: [queue] });

    expect(dashboard.unhealthyAlarm).toBeUndefined();
  });
});
