import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageQueue } from '../../../infra/constructs/message-queue.ts';
import { QueueConsumer, type QueueConsumerProps } from '../../../infra/constructs/queue-consumer.ts';
import { getAtt, logicalId, ref } from '../support/logical-id.ts';
import { appWithoutBundling, FIXTURE_ENTRY } from '../support/test-app.ts';

function build(stack: Stack) {
  const ordersQueue = new MessageQueue(stack, 'Orders');
  const paymentsQueue = new MessageQueue(stack, 'Payments', { fifo: true, encryption: 'kms' });
  const table = new dynamodb.Table(stack, 'Idempotency', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  return {
    ordersQueue,
    paymentsQueue,
    table,
    orders: new QueueConsumer(stack, 'OrderConsumer', { queue: ordersQueue, entry: FIXTURE_ENTRY }),
    payments: new QueueConsumer(stack, 'PaymentConsumer', {
      queue: paymentsQueue,
      entry: FIXTURE_ENTRY,
      timeout: Duration.seconds(20),
      memorySize: 1024,
      maxConcurrency: 5,
      recordConcurrency: 4,
      idempotencyTable: table,
      idempotencyTtl: Duration.days(4),
      serviceName: 'payments',
      environment: { EXTRA: 'yes' },
    }),
  };
}

describe('QueueConsumer', () => {
  let built: ReturnType<typeof build>;
  let template: Template;
  let resources: Record<string, { Properties: Record<string, unknown> }>;

  beforeAll(() => {
    const stack = new Stack(appWithoutBundling(), 'Consumers');
    built = build(stack);
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  });

  const propsOf = (construct: Parameters<typeof logicalId>[0]) =>
    resources[logicalId(construct)]?.Properties ?? {};

  it('runs on nodejs24.x, arm64, with explicit memory, timeout, tracing and its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: ref(built.orders.node.findChild('FunctionLogs')) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('always turns ReportBatchItemFailures and event-count metrics on', () => {
    expect(propsOf(built.orders.eventSourceMapping)).toMatchObject({
      EventSourceArn: getAtt(built.ordersQueue.queue, 'Arn'),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MetricsConfig: { Metrics: ['EventCount'] },
    });
    expect(propsOf(built.orders.eventSourceMapping).ScalingConfig).toBeUndefined();
  });

  it('sets maxConcurrency on the mapping when given', () => {
    expect(propsOf(built.payments.eventSourceMapping).ScalingConfig).toEqual({ MaximumConcurrency: 5 });
  });

  it('raises the queue visibility timeout to 6 x the function timeout', () => {
    expect(propsOf(built.ordersQueue.queue).VisibilityTimeout).toBe(180);
    expect(propsOf(built.paymentsQueue.queue).VisibilityTimeout).toBe(120);
  });

  it("sets the runtime's environment: DLQ URL, backoff, Powertools names", () => {
    expect(propsOf(built.orders.lambdaFunction).Environment).toEqual({
      Variables: {
        NODE_OPTIONS: '--enable-source-maps',
        FERRY_DLQ_URL: ref(built.ordersQueue.deadLetterQueue),
        FERRY_BACKOFF_BASE_SECONDS: '2',
        FERRY_BACKOFF_CAP_SECONDS: '900',
        POWERTOOLS_SERVICE_NAME: 'OrderConsumer',
        POWERTOOLS_METRICS_NAMESPACE: 'Ferry',
      },
    });
  });

  it('adds the idempotency table, its TTL, record concurrency and extra variables when given', () => {
    expect(propsOf(built.payments.lambdaFunction).Environment).toEqual({
      Variables: expect.objectContaining({
        FERRY_IDEMPOTENCY_TABLE: ref(built.table),
        FERRY_IDEMPOTENCY_TTL_SECONDS: '345600',
        FERRY_MAX_CONCURRENCY: '4',
        POWERTOOLS_SERVICE_NAME: 'payments',
        EXTRA: 'yes',
      }),
    });
  });

  it('grants consume on the queue, SendMessage on the DLQ and log writes, and nothing managed', () => {
    const role = built.orders.lambdaFunction.role;
    if (role === undefined) throw new Error('expected a role');

    expect(propsOf(role).ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(role)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: getAtt(built.orders.node.findChild('FunctionLogs'), 'Arn'),
          }),
          Match.objectLike({
            Action: Match.arrayWith([
              'sqs:ReceiveMessage',
              'sqs:ChangeMessageVisibility',
              'sqs:DeleteMessage',
            ]),
            Resource: getAtt(built.ordersQueue.queue, 'Arn'),
          }),
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Resource: getAtt(built.ordersQueue.deadLetterQueue, 'Arn'),
          }),
        ]),
      },
    });
  });

  it('grants the idempotency item actions, with ConditionCheckItem for the transactional marker', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:DeleteItem',
              'dynamodb:ConditionCheckItem',
            ],
            Resource: getAtt(built.table, 'Arn'),
          }),
        ]),
      },
    });
  });

  it('grants the KMS key of an encrypted queue for sending to its DLQ', () => {
    const key = built.paymentsQueue.encryptionKey;
    if (key === undefined) throw new Error('expected a key');

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: getAtt(key, 'Arn') }),
        ]),
      },
    });
  });

  it('alarms on error rate above 5%, throttles, and p99 duration above 80% of the timeout', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: ref(built.orders.lambdaFunction) }],
      Threshold: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Dimensions: [{ Name: 'FunctionName', Value: ref(built.payments.lambdaFunction) }],
      Threshold: 16_000,
    });
    expect(built.orders.alarms).toHaveLength(3);
  });

  it('contributes a dashboard section with function graphs and mapping counts', () => {
    const [section] = built.orders.monitoringSections();

    expect(section?.title).toBe('Consumer Consumers/OrderConsumer');
    expect(section?.widgets).toHaveLength(5);
  });
});

describe('QueueConsumer validation', () => {
  const make =
    (props: Partial<QueueConsumerProps>, fifo = false) =>
    () => {
      const stack = new Stack();
      const queue = new MessageQueue(stack, 'Q', { fifo });
      return new QueueConsumer(stack, 'C', { queue, entry: FIXTURE_ENTRY, ...props });
    };

  it('throws when a FIFO consumer asks for a batch over 10', () => {
    expect(make({ batchSize: 11 }, true)).toThrow(
      'Default/C: batchSize is 11 but Default/Q is a FIFO queue, and FIFO event sources take at most 10. Set batchSize to 10 or less.',
    );
  });

  it('throws when a FIFO consumer asks for a batching window', () => {
    expect(make({ maxBatchingWindow: Duration.seconds(1) }, true)).toThrow(
      'Default/C: maxBatchingWindow is 1 s but Default/Q is a FIFO queue, and FIFO event sources take no batching window. Remove maxBatchingWindow.',
    );
  });

  it('throws when a standard batch over 10 has no batching window', () => {
    expect(make({ batchSize: 100 })).toThrow(
      'C: batchSize 100 is over 10, which needs a maxBatchingWindow of at least 1 second. Set maxBatchingWindow or lower batchSize to 10.',
    );
  });

  it('throws when the batching window is over 300 s', () => {
    expect(make({ maxBatchingWindow: Duration.seconds(301) })).toThrow(
      'C: maxBatchingWindow must be a whole number of seconds between 0 and 300, got 5 minutes 1 second. Pass a Duration in that range.',
    );
  });

  it('throws when maxConcurrency is below the ESM minimum of 2', () => {
    expect(make({ maxConcurrency: 1 })).toThrow(
      'C: maxConcurrency must be an integer between 2 and 1000, got 1. Pass a value in that range.',
    );
  });

  it('throws when the timeout is over 15 minutes', () => {
    expect(make({ timeout: Duration.minutes(16) })).toThrow(
      'C: timeout must be a whole number of seconds between 1 and 900, got 16 minutes. Pass a Duration in that range.',
    );
  });

  it('throws when backoffBase is above backoffCap', () => {
    expect(make({ backoffBase: Duration.minutes(10), backoffCap: Duration.minutes(5) })).toThrow(
      'C: backoffBase (600 s) is above backoffCap (300 s). Lower backoffBase or raise backoffCap.',
    );
  });

  it('throws when idempotencyTtl is given without a table', () => {
    expect(make({ idempotencyTtl: Duration.days(1) })).toThrow(
      'C: idempotencyTtl is set but there is no idempotencyTable. Pass idempotencyTable or remove idempotencyTtl.',
    );
  });

  it('throws when the queue has an explicit visibility timeout that is too short', () => {
    const stack = new Stack();
    const queue = new MessageQueue(stack, 'Q', { visibilityTimeout: Duration.seconds(60) });

    expect(
      () => new QueueConsumer(stack, 'C', { queue, entry: FIXTURE_ENTRY, timeout: Duration.seconds(30) }),
    ).toThrow(
      'Default/Q: visibilityTimeout is 60 s but Default/C (6 x (timeout 30 s + window 0 s)) needs at least 180 s. Set visibilityTimeout to at least Duration.seconds(180), or leave it unset so consumers raise it.',
    );
  });
});
