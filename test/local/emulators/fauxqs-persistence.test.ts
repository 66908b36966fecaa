import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqsEmulator, startSqsEmulator } from '../../../local/emulators/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { tempDir } from '../support/temp-dir.ts';

let emulator: SqsEmulator;
let sqs: SQSClient;

beforeAll(async () => {
  emulator = await startSqsEmulator({ persistDir: tempDir('fauxqs-persist') });
  // One attempt: a failed visibility change must show, not be hidden by a retry.
  sqs = new SQSClient({ endpoint: emulator.endpoint, maxAttempts: 1 });
});
afterAll(() => emulator.stop());

async function receivedBody(queueUrl: string): Promise<{ body?: string; receiptHandle?: string }> {
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
  const message = received.Messages?.[0];
  return { body: message?.Body, receiptHandle: message?.ReceiptHandle };
}

describe('fauxqs in persisted mode', () => {
  it('delivers a message again at once after ChangeMessageVisibility to 0', async () => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('vis0'), Attributes: { VisibilityTimeout: '30' } }),
    );
    const queueUrl = QueueUrl ?? '';
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'retry me' }));
    const first = await receivedBody(queueUrl);

    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: first.receiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const again = await receivedBody(queueUrl);

    expect(first.body).toBe('retry me');
    expect(again.body).toBe('retry me');
  });

  it('delivers a message again after ChangeMessageVisibilityBatch to 0', async () => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: uniqueName('vis0-batch'),
        Attributes: { VisibilityTimeout: '30' },
      }),
    );
    const queueUrl = QueueUrl ?? '';
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'batch retry' }));
    const first = await receivedBody(queueUrl);

    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: [{ Id: 'm', ReceiptHandle: first.receiptHandle, VisibilityTimeout: 0 }],
      }),
    );
    const again = await receivedBody(queueUrl);

    expect(changed.Failed ?? []).toEqual([]);
    expect(again.body).toBe('batch retry');
  });
});
