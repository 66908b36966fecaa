import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import { BusinessRuleError, TransientError } from '../../../runtime/errors.ts';
import { processSqsBatch } from '../../../runtime/sqs/process-batch.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { RecordingLogger } from './sqs-fixtures.ts';

const sqs = new SQSClient({});

async function createQueue(prefix: string, fifo = false): Promise<{ url: string; arn: string }> {
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName(prefix, { fifo }),
      Attributes: fifo ? { FifoQueue: 'true', VisibilityTimeout: '30' } : { VisibilityTimeout: '30' },
    }),
  );
  const url = created.QueueUrl ?? '';
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: attributes.Attributes?.QueueArn ?? '' };
}

/** Receives up to 10 messages and shapes them as Lambda's SQS event. */
async function receiveEvent(queue: { url: string; arn: string }): Promise<SQSEvent> {
  const received = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      WaitTimeSeconds: 1,
    }),
  );
  const records = (received.Messages ?? []).map(
    (message): SQSRecord => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: message.Attributes as unknown as SQSRecord['attributes'],
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    }),
  );
  return { Records: records };
}

describe('processSqsBatch against an SQS emulator', () => {
  it('parks a poison message in the DLQ with attributes SQS accepts', async () => {
    const source = await createQueue('pb-source');
    const dlq = await createQueue('pb-dlq');
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'poison' }));
    const event = await receiveEvent(source);

    const response = await processSqsBatch(
      event,
      async () => {
        throw new BusinessRuleError('unknown product');
      },
      { sqsClient: sqs, deadLetterQueueUrl: dlq.url, logger: new RecordingLogger() },
    );

    const parked = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    const attributes = parked.Messages?.[0]?.MessageAttributes ?? {};
    expect(response.batchItemFailures).toEqual([]);
    expect(parked.Messages?.[0]?.Body).toBe('poison');
    expect(attributes[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('BusinessRuleError');
    expect(attributes[FAILURE_ATTRIBUTES.originalMessageId]?.StringValue).toBe(event.Records[0]?.messageId);
    expect(attributes[FAILURE_ATTRIBUTES.sourceQueue]?.StringValue).toBe(source.arn);
    expect(attributes[FAILURE_ATTRIBUTES.receiveCount]?.StringValue).toBe('1');
  });

  it('parks a FIFO poison message in a FIFO DLQ under its group', async () => {
    const source = await createQueue('pb-source', true);
    const dlq = await createQueue('pb-dlq', true);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: source.url,
        MessageBody: 'poison',
        MessageGroupId: 'order-1',
        MessageDeduplicationId: 'd-1',
      }),
    );
    const event = await receiveEvent(source);

    await processSqsBatch(
      event,
      async () => {
        throw new BusinessRuleError('unknown product');
      },
      { sqsClient: sqs, deadLetterQueueUrl: dlq.url, logger: new RecordingLogger() },
    );

    const parked = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MessageSystemAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(parked.Messages?.[0]?.Attributes?.MessageGroupId).toBe('order-1');
  });

  it('delays the retry of a transient failure by the backoff, resolving the queue URL from the ARN', async () => {
    const source = await createQueue('pb-retry');
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'first' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'second' }));
    const event = await receiveEvent(source);
    // Delays are drawn in record order: the full 60 s for the first record, 0 s for the second.
    const draws = [0.999, 0];

    const response = await processSqsBatch(
      event,
      async () => {
        throw new TransientError('dependency down');
      },
      {
        sqsClient: sqs,
        logger: new RecordingLogger(),
        backoff: { baseSeconds: 60, capSeconds: 60 },
        random: () => draws.shift() ?? 0,
      },
    );
    const again = await receiveEvent(source);

    expect(response.batchItemFailures).toHaveLength(2);
    expect(again.Records.map((record) => record.body)).toEqual([event.Records[1]?.body]);
  });
});
