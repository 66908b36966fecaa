import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageQueue } from '../../../infra/constructs/message-queue.ts';
import { OutboxRouteTarget } from '../../../infra/constructs/outbox-route-target.ts';
import { TransactionalOutbox } from '../../../infra/constructs/transactional-outbox.ts';
import { getAtt, logicalId, ref } from '../support/logical-id.ts';
import { plainFunction } from '../support/plain-function.ts';
import { appWithoutBundling } from '../support/test-app.ts';

function build(stack: Stack) {
  const outbox = new TransactionalOutbox(stack, 'Outbox', { parallelizationFactor: 2 });
  const orders = new MessageQueue(stack, 'Orders', { fifo: true });
  const topic = new sns.Topic(stack, 'Notifications', { enforceSSL: true });
  const bus = new events.EventBus(stack, 'Bus');
  const writer = plainFunction(stack, 'Writer');
  const replayer = plainFunction(stack, 'Replayer');
  outbox.grantWriteEvents(writer);
  outbox.grantReplay(replayer);
  outbox
    .route('OrderPlaced', OutboxRouteTarget.queue(orders))
    .route('OrderPlaced', OutboxRouteTarget.topic(topic))
    .route('*', OutboxRouteTarget.eventBus(bus));
  return { outbox, orders, topic, bus, writer, replayer };
}

describe('TransactionalOutbox', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  let resources: Record<string, { Properties: Record<string, unknown> }>;

  beforeAll(() => {
    const stack = new Stack(appWithoutBundling(), 'Outboxes');
    built = build(stack);
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });

  const propsOf = (construct: Parameters<typeof logicalId>[0]) =>
    resources[logicalId(construct)]?.Properties ?? {};
  const variablesOf = (fn: lambda.IFunction) =>
    (propsOf(fn).Environment as { Variables: Record<string, unknown> }).Variables;

  it('creates the outbox table: pk/sk strings, TTL ttl, stream NEW_IMAGE, PITR, on demand', () => {
    expect(propsOf(built.outbox.table)).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('reads the stream from TRIM_HORIZON with bisect, bounded retries and age, and partial failures', () => {
    expect(propsOf(built.outbox.relayMapping)).toMatchObject({
      EventSourceArn: getAtt(built.outbox.table, 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 21_600,
      ParallelizationFactor: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MetricsConfig: { Metrics: ['EventCount'] },
    });
  });

  it('relays INSERT records of event items only', () => {
    expect(propsOf(built.outbox.relayMapping).FilterCriteria).toEqual({
      Filters: [
        { Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"ferryKind":{"S":["event"]}}}}' },
      ],
    });
  });

  it('sends records it gives up on to the on-failure queue, which the rehydrator consumes', () => {
    expect(propsOf(built.outbox.relayMapping).DestinationConfig).toEqual({
      OnFailure: { Destination: getAtt(built.outbox.onFailureQueue.queue, 'Arn') },
    });
    expect(propsOf(built.outbox.rehydrator.eventSourceMapping)).toMatchObject({
      EventSourceArn: getAtt(built.outbox.onFailureQueue.queue, 'Arn'),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('gives the relay its routes, the relay DLQ and the table in its environment', () => {
    const variables = variablesOf(built.outbox.relay);

    expect(variables.FERRY_OUTBOX_TABLE).toEqual(ref(built.outbox.table));
    expect(variables.FERRY_RELAY_DLQ_URL).toEqual(ref(built.outbox.relayDeadLetterQueue));
    expect(variables.FERRY_OUTBOX_ROUTES).toEqual({
      'Fn::Join': [
        '',
        [
          '{"OrderPlaced":[{"kind":"sqs","destination":"',
          ref(built.orders.queue),
          '","fifo":true},{"kind":"sns","destination":"',
          ref(built.topic),
          '"}],"*":[{"kind":"eventbridge","destination":"',
          ref(built.bus),
          '"}]}',
        ],
      ],
    });
  });

  it('gives the rehydrator the relay DLQ URL', () => {
    expect(variablesOf(built.outbox.rehydrator.lambdaFunction).FERRY_RELAY_DLQ_URL).toEqual(
      ref(built.outbox.relayDeadLetterQueue),
    );
  });

  it("scopes stream reads to the table's stream ARN, never *", () => {
    const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
    const relayRole = built.outbox.relay.role;
    const rehydratorRole = built.outbox.rehydrator.lambdaFunction.role;
    if (relayRole === undefined || rehydratorRole === undefined) throw new Error('expected roles');

    for (const [role, actions] of [
      [relayRole, [...streamActions, 'dynamodb:ListStreams']],
      [rehydratorRole, streamActions],
    ] as const) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [ref(role)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: actions, Resource: getAtt(built.outbox.table, 'StreamArn') }),
          ]),
        },
      });
    }
  });

  it('lets the relay and every replayer publish to each route', () => {
    for (const fn of [built.outbox.relay, built.replayer]) {
      const role = fn.role;
      if (role === undefined) throw new Error('expected a role');
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [ref(role)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['sqs:SendMessage']),
              Resource: getAtt(built.orders.queue, 'Arn'),
            }),
            Match.objectLike({ Action: 'sns:Publish', Resource: ref(built.topic) }),
            Match.objectLike({ Action: 'events:PutEvents', Resource: getAtt(built.bus, 'Arn') }),
          ]),
        },
      });
    }
  });

  it('grants writers BatchGetItem (counters), PutItem, UpdateItem and ConditionCheckItem and sets the table and TTL', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(built.writer.role as never)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'dynamodb:BatchGetItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:ConditionCheckItem',
            ],
            Resource: getAtt(built.outbox.table, 'Arn'),
          },
        ],
      },
    });
    expect(variablesOf(built.writer)).toEqual({
      FERRY_OUTBOX_TABLE: ref(built.outbox.table),
      FERRY_OUTBOX_TTL_SECONDS: '604800',
    });
  });

  it('grants replayers Query and Scan and sets the table and routes', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['dynamodb:Query', 'dynamodb:Scan'],
            Resource: getAtt(built.outbox.table, 'Arn'),
          }),
        ]),
      },
    });
    expect(Object.keys(variablesOf(built.replayer))).toEqual(['FERRY_OUTBOX_TABLE', 'FERRY_OUTBOX_ROUTES']);
  });

  it('alarms on iterator age over 1 minute, a non-empty relay DLQ, relay errors and rehydrator failures', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: ref(built.outbox.relay) }],
      Threshold: 60_000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(built.outbox.relayDeadLetterQueue, 'QueueName') }],
      Threshold: 0,
    });
    expect(built.outbox.alarms).toEqual(expect.arrayContaining(built.outbox.rehydrator.alarms));
    expect(built.outbox.alarms).toEqual(expect.arrayContaining(built.outbox.onFailureQueue.alarms));
    expect(built.outbox.alarms).toHaveLength(5 + 2 + 3);
  });

  it('contributes an outbox section with lag graphs, and the rehydrator section', () => {
    const sections = built.outbox.monitoringSections();

    expect(sections.map((section) => section.title)).toEqual([
      'Outbox Outboxes/Outbox',
      'Consumer Outboxes/Outbox/Rehydrator',
    ]);
    expect(sections[0]?.widgets).toHaveLength(7);
  });
});

describe('TransactionalOutbox validation', () => {
  const outbox = (props: ConstructorParameters<typeof TransactionalOutbox>[2] = {}) =>
    new TransactionalOutbox(new Stack(appWithoutBundling(), 'S'), 'Outbox', props);

  it('throws when maxRecordAge would outlive what the rehydrator can still read', () => {
    expect(() => outbox({ maxRecordAge: Duration.hours(13) })).toThrow(
      'S/Outbox: maxRecordAge must be a whole number of seconds between 60 and 43200, got 13 hours. Pass a Duration in that range.',
    );
  });

  it('throws when parallelizationFactor is above 10', () => {
    expect(() => outbox({ parallelizationFactor: 11 })).toThrow(
      'S/Outbox: parallelizationFactor must be an integer between 1 and 10, got 11. Pass a value in that range.',
    );
  });

  it('throws when an event type is empty', () => {
    const queue = new MessageQueue(new Stack(), 'Q');

    expect(() => outbox().route(' ', OutboxRouteTarget.queue(queue))).toThrow(
      "S/Outbox: route eventType must be 1 to 256 characters (or '*' for every type), got ' '. Pass the event's type, e.g. 'OrderPlaced'.",
    );
  });

  it('throws when the same event type is routed to the same target twice', () => {
    const built = outbox();
    const queue = new MessageQueue(built, 'Q');
    built.route('OrderPlaced', OutboxRouteTarget.queue(queue));

    expect(() => built.route('OrderPlaced', OutboxRouteTarget.queue(queue.queue))).toThrow(
      "S/Outbox: eventType 'OrderPlaced' is already routed to this sqs target; the relay would publish every event twice. Remove the duplicate route().",
    );
  });
});
