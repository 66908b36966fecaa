import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageQueue } from '../../../infra/constructs/message-queue.ts';
import { getAtt, logicalId } from '../support/logical-id.ts';

function build(stack: Stack) {
  return {
    standard: new MessageQueue(stack, 'Orders'),
    fifo: new MessageQueue(stack, 'Payments', {
      queueName: 'payments',
      fifo: true,
      contentBasedDeduplication: true,
      highThroughput: true,
      maxReceiveCount: 8,
      ageOfOldestMessageSlo: Duration.minutes(2),
    }),
    kms: new MessageQueue(stack, 'Secrets', { encryption: 'kms' }),
    quiet: new MessageQueue(stack, 'Quiet', { alarms: false }),
  };
}

describe('MessageQueue', () => {
  let queues: ReturnType<typeof build>;
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Queues');
    queues = build(stack);
    template = Template.fromStack(stack);
  });

  it('gives the queue a DLQ with maxReceiveCount 5 by default', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: getAtt(queues.standard.deadLetterQueue, 'Arn'),
        maxReceiveCount: 5,
      },
      VisibilityTimeout: 30,
      MessageRetentionPeriod: 345_600,
      SqsManagedSseEnabled: true,
    });
  });

  it('keeps DLQ messages 14 days, longer than the 4 days of the source', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      QueueName: Match.absent(),
    });
    expect(
      template.toJSON().Resources[logicalId(queues.standard.deadLetterQueue)].Properties
        .MessageRetentionPeriod,
    ).toBe(1_209_600);
  });

  it('names the queue from its path so the DLQ redrive-allow policy can name it without a cycle', () => {
    const resources = template.toJSON().Resources;
    const queueName = resources[logicalId(queues.standard.queue)].Properties.QueueName;

    expect(queueName).toMatch(/^QueuesOrders[A-Za-z0-9]+$/);
    expect(resources[logicalId(queues.standard.deadLetterQueue)].Properties.RedriveAllowPolicy).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':sqs:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              `:${queueName}`,
            ],
          ],
        },
      ],
    });
  });

  it('denies any request without TLS on the queue and on the DLQ', () => {
    for (const queue of [queues.standard.queue, queues.standard.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('makes a FIFO queue with a FIFO DLQ, content-based deduplication and high throughput', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'payments.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      RedrivePolicy: { deadLetterTargetArn: getAtt(queues.fifo.deadLetterQueue, 'Arn'), maxReceiveCount: 8 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'payments-dlq.fifo', FifoQueue: true });
  });

  it('encrypts queue and DLQ with a new rotating KMS key when asked', () => {
    const key = queues.kms.encryptionKey;
    if (key === undefined) throw new Error('expected a key');

    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const queue of [queues.kms.queue, queues.kms.deadLetterQueue]) {
      expect(template.toJSON().Resources[logicalId(queue)].Properties.KmsMasterKeyId).toEqual(
        getAtt(key, 'Arn'),
      );
    }
  });

  it('alarms when the DLQ holds one message, on one 60 s datapoint, ignoring missing data', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queues.standard.deadLetterQueue, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('redrive them with StartMessageMoveTask'),
    });
  });

  it('alarms when the oldest message is older than the SLO (5 minutes by default)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queues.standard.queue, 'QueueName') }],
      Threshold: 300,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queues.fifo.queue, 'QueueName') }],
      Threshold: 120,
    });
  });

  it('creates no alarms when alarms is false', () => {
    expect(queues.quiet.alarms).toEqual([]);
    expect(queues.standard.alarms).toHaveLength(2);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
  });

  it('contributes a dashboard section with its alarms and four graphs', () => {
    const [section] = queues.standard.monitoringSections();

    expect(section?.title).toBe('Queue Queues/Orders');
    expect(section?.widgets).toHaveLength(4);
    expect(section?.alarms).toBe(queues.standard.alarms);
  });
});

describe('MessageQueue visibility timeout', () => {
  it('raises a default visibility timeout to what a consumer needs', () => {
    const queue = new MessageQueue(new Stack(), 'Q');

    queue.ensureVisibilityTimeout(Duration.seconds(180), 'consumer C');

    expect(queue.visibilityTimeout.toSeconds()).toBe(180);
  });

  it('never lowers a visibility timeout', () => {
    const queue = new MessageQueue(new Stack(), 'Q');
    queue.ensureVisibilityTimeout(Duration.seconds(400), 'consumer A');

    queue.ensureVisibilityTimeout(Duration.seconds(180), 'consumer B');

    expect(queue.visibilityTimeout.toSeconds()).toBe(400);
  });

  it('throws when an explicit visibility timeout is below what a consumer needs', () => {
    const queue = new MessageQueue(new Stack(), 'Q', { visibilityTimeout: Duration.seconds(60) });

    expect(() =>
      queue.ensureVisibilityTimeout(Duration.seconds(180), 'consumer C (6 x (30 s + 0 s))'),
    ).toThrow(
      'Q: visibilityTimeout is 60 s but consumer C (6 x (30 s + 0 s)) needs at least 180 s. Set visibilityTimeout to at least Duration.seconds(180), or leave it unset so consumers raise it.',
    );
  });

  it('throws when a consumer needs more than the 12-hour SQS maximum', () => {
    const queue = new MessageQueue(new Stack(), 'Q');

    expect(() => queue.ensureVisibilityTimeout(Duration.seconds(50_000), 'consumer C')).toThrow(
      "Q: consumer C needs a visibility timeout of 50000 s, above the SQS maximum of 43200 s. Shorten the consumer's timeout or batching window.",
    );
  });
});

describe('MessageQueue validation', () => {
  const make = (props: ConstructorParameters<typeof MessageQueue>[2]) => () =>
    new MessageQueue(new Stack(), 'Q', props);

  it('throws when maxReceiveCount is out of range', () => {
    expect(make({ maxReceiveCount: 0 })).toThrow(
      'Q: maxReceiveCount must be an integer between 1 and 1000, got 0. Pass a value in that range.',
    );
  });

  it('throws when retentionPeriod is above 14 days', () => {
    expect(make({ retentionPeriod: Duration.days(15) })).toThrow(
      'Q: retentionPeriod must be a whole number of seconds between 60 and 1209600, got 15 days. Pass a Duration in that range.',
    );
  });

  it('throws when a standard DLQ would not keep messages longer than the source', () => {
    expect(make({ retentionPeriod: Duration.days(14) })).toThrow(
      'Q: deadLetterRetentionPeriod (1209600 s) must be longer than retentionPeriod (1209600 s): a standard DLQ keeps the original enqueue time. Lengthen deadLetterRetentionPeriod (up to 14 days) or shorten retentionPeriod.',
    );
  });

  it('accepts a FIFO DLQ retention equal to the source, as a FIFO DLQ resets the enqueue time', () => {
    const queue = new MessageQueue(new Stack(), 'Q', { fifo: true, retentionPeriod: Duration.days(14) });

    expect(queue.fifo).toBe(true);
  });

  it('throws when FIFO options are given for a standard queue', () => {
    expect(make({ highThroughput: true })).toThrow(
      'Q: contentBasedDeduplication and highThroughput apply to FIFO queues only. Set fifo: true or remove them.',
    );
  });

  it('throws when a key is given with SQS-managed encryption', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'K');

    expect(() => new MessageQueue(stack, 'Q', { encryption: 'sqs-managed', encryptionKey: key })).toThrow(
      "Q: encryptionKey is given but encryption is 'sqs-managed'. Use encryption: 'kms' or remove encryptionKey.",
    );
  });

  it('throws when a standard queue name ends in .fifo', () => {
    expect(make({ queueName: 'orders.fifo' })).toThrow(
      "Q: queueName 'orders.fifo' ends in .fifo but fifo is false. Set fifo: true or rename.",
    );
  });

  it('throws when the queue name is too long for its DLQ name', () => {
    expect(make({ queueName: 'a'.repeat(78) })).toThrow(
      `Q: queueName must be letters, digits, '-' or '_', and short enough for the DLQ name '${'a'.repeat(78)}-dlq' to fit in 80 characters, got '${'a'.repeat(78)}'. Pass a shorter name.`,
    );
  });
});
