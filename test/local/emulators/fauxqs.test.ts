import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../support/unique-name.ts';

describe('fauxqs (harness)', () => {
  it('moves a FIFO message to its FIFO DLQ after maxReceiveCount receives', async () => {
    const sqs = new SQSClient({});
    const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('dlq', { fifo: true }), Attributes: fifo }),
    );
    const dlqArn = await queueArn(sqs, dlq.QueueUrl);
    const source = await sqs.send(
      new CreateQueueCommand({
        QueueName: uniqueName('source', { fifo: true }),
        Attributes: {
          ...fifo,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
        },
      }),
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: source.QueueUrl, MessageBody: 'poison', MessageGroupId: 'g1' }),
    );

    const receiveCounts: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: source.QueueUrl, MessageSystemAttributeNames: ['All'] }),
      );
      for (const message of received.Messages ?? []) {
        receiveCounts.push(message.Attributes?.ApproximateReceiveCount ?? '?');
        // Leave it unprocessed: make it visible again at once, as a failed consumer would.
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: source.QueueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
    }
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, WaitTimeSeconds: 1 }));

    expect(receiveCounts).toEqual(['1', '2']);
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });
});

async function queueArn(sqs: SQSClient, QueueUrl: string | undefined): Promise<string> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`no QueueArn for ${QueueUrl}`);
  return arn;
}

describe('fauxqs body characters (as SQS documents them)', () => {
  it('accepts emoji (supplementary planes) in a body and returns it unchanged', async () => {
    const sqs = new SQSClient({});
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('emoji') }));
    const body = '{"customerId":"\u{1F600}\u{1F680}"}';

    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));

    expect(Messages.map((m) => m.Body)).toEqual([body]);
  });

  it('still refuses a control character with InvalidMessageContents', async () => {
    const sqs = new SQSClient({});
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('control') }));

    await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a\u0001b' }))).rejects.toThrow(
      /Invalid characters/,
    );
  });
});
