import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsPoller, type SqsPollerOptions } from '../../../local/pollers/sqs-poller.ts';
import { queueBacklog } from '../../support/queues.ts';
import { uniqueName } from '../../support/unique-name.ts';

const sqs = new SQSClient({});
const pollers: SqsPoller[] = [];

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

async function queue(options: { fifo?: boolean } = {}) {
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('poller', options),
      Attributes: {
        VisibilityTimeout: '1',
        ...(options.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {}),
      },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { queueUrl: QueueUrl, queueArn: Attributes?.QueueArn ?? '' };
}

async function send(queueUrl: string, bodies: string[], groupOf?: (index: number) => string) {
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(start, start + 10).map((body, i) => ({
          Id: String(i),
          MessageBody: body,
          ...(groupOf ? { MessageGroupId: groupOf(start + i) } : {}),
        })),
      }),
    );
  }
}

function start(options: SqsPollerOptions): SqsPoller {
  const poller = new SqsPoller({ waitTimeSeconds: 1, ...options });
  pollers.push(poller);
  poller.start();
  return poller;
}

async function until(condition: () => boolean, timeoutMillis = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SqsPoller', () => {
  it('delivers a Lambda-shaped SQS event', async () => {
    const { queueUrl, queueArn } = await queue();
    const events: SQSEvent[] = [];
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: 'hello',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      }),
    );

    const poller = start({ queueUrl, queueArn, invoke: async (event) => void events.push(event) });
    await until(() => poller.stats.deletedEventCount === 1);

    const record = events[0]?.Records[0] as SQSRecord;
    expect(record).toMatchObject({
      body: 'hello',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      messageAttributes: { kind: { dataType: 'String', stringValue: 'greeting' } },
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record.receiptHandle).not.toBe('');
  });

  it('deletes the whole batch on a normal return without ReportBatchItemFailures, whatever it says', async () => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, ['a', 'b', 'c']);

    const poller = start({
      queueUrl,
      queueArn,
      invoke: async (event) => ({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] }),
    });
    await until(() => poller.stats.deletedEventCount === 3);

    expect(await queueBacklog(queueUrl)).toBe(0);
  });

  it('keeps only the reported messages with ReportBatchItemFailures', async () => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, ['keep', 'done-1', 'done-2']);
    const seen: string[] = [];

    const poller = start({
      queueUrl,
      queueArn,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
      invoke: async (event) => {
        seen.push(...event.Records.map((r) => r.body));
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'keep').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    });
    await until(() => seen.filter((body) => body === 'keep').length >= 2);

    expect(seen.filter((body) => body.startsWith('done'))).toHaveLength(2);
    expect(poller.stats.deletedEventCount).toBe(2);
  });

  it.each([
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a wrong key', { batchItemFailures: [{ messageId: 'x' }] }],
    ['a list that is not a list', { batchItemFailures: 'all' }],
    ['a string response', 'ok'],
  ])('fails the whole batch for %s', async (_name, response) => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, ['a', 'b']);

    const poller = start({ queueUrl, queueArn, reportBatchItemFailures: true, invoke: async () => response });
    await until(() => poller.stats.failedInvokeEventCount >= 2);

    expect(poller.stats.deletedEventCount).toBe(0);
  });

  it('deletes nothing when the function throws, and the messages come back', async () => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, ['a']);
    const receiveCounts: string[] = [];

    const poller = start({
      queueUrl,
      queueArn,
      invoke: async (event) => {
        receiveCounts.push(event.Records[0]?.attributes.ApproximateReceiveCount ?? '?');
        throw new Error('boom');
      },
    });
    await until(() => receiveCounts.length >= 2);

    expect(receiveCounts.slice(0, 2)).toEqual(['1', '2']);
    expect(poller.stats.deletedEventCount).toBe(0);
  });

  it('stops within its bound while an invocation still runs, and says so', async () => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, ['slow']);
    let invoked = false;
    const errors: unknown[] = [];
    const poller = start({
      queueUrl,
      queueArn,
      onError: (error) => errors.push(error),
      invoke: async () => {
        invoked = true;
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      },
    });
    await until(() => invoked);

    const stoppedAt = Date.now();
    await poller.stop(200);

    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(String(errors[0])).toMatch(/abandoned/);
  });

  it('treats an empty list, an empty object and no response as full success', async () => {
    for (const response of [{ batchItemFailures: [] }, {}, undefined, null]) {
      const { queueUrl, queueArn } = await queue();
      await send(queueUrl, ['a']);

      const poller = start({
        queueUrl,
        queueArn,
        reportBatchItemFailures: true,
        invoke: async () => response,
      });
      await until(() => poller.stats.deletedEventCount === 1);
    }
  });

  it('deletes messages that match no filter without invoking, and never matches a non-JSON body', async () => {
    const { queueUrl, queueArn } = await queue();
    await send(queueUrl, [
      JSON.stringify({ type: 'OrderPlaced' }),
      JSON.stringify({ type: 'Other' }),
      'not json',
    ]);
    const invoked: string[] = [];

    const poller = start({
      queueUrl,
      queueArn,
      filters: [{ Pattern: JSON.stringify({ body: { type: ['OrderPlaced'] } }) }],
      invoke: async (event) => void invoked.push(...event.Records.map((r) => r.body)),
    });
    await until(() => poller.stats.deletedEventCount === 3);

    expect(invoked).toEqual([JSON.stringify({ type: 'OrderPlaced' })]);
    expect(poller.stats.filteredOutEventCount).toBe(2);
  });

  it('keeps order within each FIFO group across concurrent batches', async () => {
    const { queueUrl, queueArn } = await queue({ fifo: true });
    const bodies = Array.from({ length: 30 }, (_, i) => `${i % 3}:${Math.floor(i / 3)}`);
    await send(queueUrl, bodies, (i) => `g${i % 3}`);
    const seen: string[] = [];

    const poller = start({
      queueUrl,
      queueArn,
      maximumConcurrency: 3,
      invoke: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(...event.Records.map((r) => r.body));
      },
    });
    await until(() => poller.stats.deletedEventCount === 30);

    for (const group of ['0', '1', '2']) {
      const positions = seen
        .filter((body) => body.startsWith(`${group}:`))
        .map((body) => Number(body.split(':')[1]));
      expect(positions).toEqual([...Array(10).keys()]);
    }
  });

  it('throws for a FIFO batch size over 10 or a FIFO batching window', () => {
    const base = { queueUrl: 'http://q/x.fifo', queueArn: 'arn', invoke: async () => undefined };

    expect(() => new SqsPoller({ ...base, batchSize: 11 })).toThrow(/from 1 to 10/);
    expect(() => new SqsPoller({ ...base, maximumBatchingWindowInSeconds: 1 })).toThrow(/no batching window/);
  });
});
