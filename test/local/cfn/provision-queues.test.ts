import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { ProvisioningError, provisionStack } from '../../../local/cfn/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { synthStack } from '../support/synth-app.ts';

const client = new SQSClient({});
afterAll(() => client.destroy());

async function attributesOf(queueUrl: string): Promise<Record<string, string>> {
  const result = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return result.Attributes ?? {};
}

function fifoWithDlq() {
  return synthStack((stack) => {
    const dlq = new sqs.Queue(stack, 'Dlq', { fifo: true, retentionPeriod: Duration.days(14) });
    const queue = new sqs.Queue(stack, 'Orders', {
      fifo: true,
      contentBasedDeduplication: true,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(45),
      deliveryDelay: Duration.seconds(2),
      receiveMessageWaitTime: Duration.seconds(5),
      deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
    });
    new CfnOutput(stack, 'QueueUrl', { value: queue.queueUrl });
    new CfnOutput(stack, 'QueueArn', { value: queue.queueArn });
    new CfnOutput(stack, 'DlqName', { value: dlq.queueName });
  });
}

describe('provisionStack: AWS::SQS::Queue', () => {
  it('creates a FIFO queue with its attributes and a redrive policy to its FIFO DLQ', async () => {
    const stack = fifoWithDlq();

    const result = await provisionStack(stack);

    const attributes = await attributesOf(String(result.outputs.QueueUrl));
    const dlq = result.resources.find((resource) => resource.logicalId.startsWith('Dlq'));
    expect(attributes).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      VisibilityTimeout: '45',
      DelaySeconds: '2',
      ReceiveMessageWaitTimeSeconds: '5',
    });
    expect(JSON.parse(attributes.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq?.attributes.Arn,
      maxReceiveCount: 5,
    });
  });

  it('names a queue without QueueName <stack>-<logicalId>-<random>.fifo and resolves Ref, Arn and QueueName', async () => {
    const stack = fifoWithDlq();

    const result = await provisionStack(stack);

    const dlqName = String(result.outputs.DlqName);
    expect(dlqName).toMatch(new RegExp(`^${stack.stackName}-Dlq[A-Z0-9]+-[A-Z0-9]{12}\\.fifo$`));
    expect(String(result.outputs.QueueUrl)).toMatch(
      /^http:\/\/sqs\.us-east-1\.localhost:\d+\/000000000000\//,
    );
    expect(String(result.outputs.QueueArn)).toMatch(/^arn:aws:sqs:us-east-1:000000000000:/);
  });

  it('reuses an existing queue on a second run and applies changed attributes', async () => {
    const first = synthStack((stack) => {
      new sqs.Queue(stack, 'Q', {
        queueName: `${stack.stackName}-work`,
        visibilityTimeout: Duration.seconds(30),
      });
    });
    const firstRun = await provisionStack(first);
    const second = {
      ...first,
      template: JSON.parse(
        JSON.stringify(first.template).replace('"VisibilityTimeout":30', '"VisibilityTimeout":90'),
      ),
    };

    const secondRun = await provisionStack(second);

    expect(secondRun.resources[0]?.ref).toBe(firstRun.resources[0]?.ref);
    expect((await attributesOf(secondRun.resources[0]?.ref ?? '')).VisibilityTimeout).toBe('90');
  });

  it('reuses a high-throughput FIFO queue on a second run and applies a changed visibility timeout', async () => {
    const first = synthStack((stack) => {
      new sqs.Queue(stack, 'Fast', {
        queueName: `${stack.stackName}-fast.fifo`,
        fifo: true,
        deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
        fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        visibilityTimeout: Duration.seconds(30),
      });
    });
    await provisionStack(first);
    const changed = JSON.stringify(first.template).replace(
      '"VisibilityTimeout":30',
      '"VisibilityTimeout":60',
    );

    const result = await provisionStack({ ...first, template: JSON.parse(changed) });

    expect(result.warnings).toEqual([]);
    expect((await attributesOf(result.resources[0]?.ref ?? '')).VisibilityTimeout).toBe('60');
  });

  it('fails naming the stack and resource when the emulator refuses a queue', async () => {
    const stack = {
      stackName: uniqueName('Refused'),
      template: {
        Resources: { TooSlow: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 50_000 } } },
      },
    };

    const failure = await provisionStack(stack).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProvisioningError);
    expect((failure as Error).message).toMatch(
      new RegExp(`${stack.stackName}/TooSlow \\(AWS::SQS::Queue\\): could not be created.*VisibilityTimeout`),
    );
  });
});
