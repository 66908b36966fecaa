import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, MessageTooLargeError, PublishError } from '../../../runtime/errors.ts';
import { SQS_MAX_MESSAGE_BYTES } from '../../../runtime/producer/limits.ts';
import { sendMessage, sendMessages } from '../../../runtime/producer/send-messages.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';

const FAST = { retry: { attempts: 3, baseDelayMillis: 1, maxDelayMillis: 2 } };

/** An SQS client whose SendMessageBatch answers come from `answer`, recording every request. */
function fakeSqs(
  answer: (
    input: SendMessageBatchCommandInput,
    call: number,
  ) => { failedIds?: string[]; senderFault?: boolean },
) {
  const requests: SendMessageBatchCommandInput[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error('unexpected command');
      requests.push(command.input);
      const { failedIds = [], senderFault = false } = answer(command.input, requests.length);
      const entries = command.input.Entries ?? [];
      return {
        Successful: entries
          .filter((entry) => !failedIds.includes(entry.Id ?? ''))
          .map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}`, MD5OfMessageBody: '' })),
        Failed: failedIds.map((Id) => ({
          Id,
          SenderFault: senderFault,
          Code: 'InternalError',
          Message: 'oops',
        })),
      };
    },
  } as unknown as SQSClient;
  return { client, requests };
}

describe('sendMessages', () => {
  it('delivers 25 messages to a queue in 3 SendMessageBatch calls', async () => {
    const queueUrl = await createQueue('producer');
    const messages = Array.from({ length: 25 }, (_, index) => ({ body: `m${index}` }));

    const report = await sendMessages(queueUrl, messages);

    const received = await drainQueue(queueUrl, { expected: 25 });
    expect(report).toEqual({ sent: 25, calls: 3 });
    expect(received.map((message) => message.Body).sort()).toEqual(
      messages.map((message) => message.body).sort(),
    );
  });

  it('delivers FIFO messages in order per group with their deduplication ids', async () => {
    const queueUrl = await createQueue('producer', { fifo: true });
    const messages = Array.from({ length: 30 }, (_, index) => ({
      body: `${index % 3}:${index}`,
      groupId: `g${index % 3}`,
      deduplicationId: `d${index}`,
    }));

    await sendMessages(queueUrl, messages);

    const received = await drainQueue(queueUrl, { expected: 30 });
    for (const group of ['0', '1', '2']) {
      const inGroup = received
        .map((message) => message.Body ?? '')
        .filter((body) => body.startsWith(`${group}:`));
      const sequence = inGroup.map((body) => Number(body.split(':')[1]));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      expect(sequence).toHaveLength(10);
    }
  });

  it('carries string attributes', async () => {
    const queueUrl = await createQueue('producer');

    await sendMessage(queueUrl, { body: 'hello', attributes: { kind: 'greeting' } });

    const [message] = await drainQueue(queueUrl, { expected: 1 });
    expect(message?.MessageAttributes?.kind?.StringValue).toBe('greeting');
  });

  it('retries the entries SendMessageBatch reports Failed instead of dropping them', async () => {
    const { client, requests } = fakeSqs((_, call) => (call === 1 ? { failedIds: ['1', '3'] } : {}));
    const messages = Array.from({ length: 5 }, (_, index) => ({ body: `m${index}` }));

    const report = await sendMessages('https://sqs.test/1/q', messages, { ...FAST, client });

    expect(report).toEqual({ sent: 5, calls: 2 });
    expect(requests[1]?.Entries?.map((entry) => entry.MessageBody)).toEqual(['m1', 'm3']);
  });

  it('throws a PublishError listing the messages still failing after every attempt', async () => {
    const { client, requests } = fakeSqs((input) => ({
      failedIds: (input.Entries ?? [])
        .filter((entry) => entry.MessageBody === 'm2')
        .map((entry) => entry.Id ?? ''),
    }));
    const messages = Array.from({ length: 4 }, (_, index) => ({ body: `m${index}` }));

    const error = await sendMessages('https://sqs.test/1/q', messages, { ...FAST, client }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failed).toEqual([
      { id: '#2', code: 'InternalError', message: 'oops (after 3 attempts)' },
    ]);
    expect(requests).toHaveLength(3);
  });

  it('fails a FIFO group behind a failed message without sending the rest of the group', async () => {
    const { client, requests } = fakeSqs((input) => ({
      failedIds: (input.Entries ?? [])
        .filter((entry) => entry.MessageBody === 'a0')
        .map((entry) => entry.Id ?? ''),
    }));
    const messages = [
      ...Array.from({ length: 10 }, (_, index) => ({ body: `b${index}`, groupId: 'b' })),
      { body: 'a0', groupId: 'a' },
      { body: 'a1', groupId: 'a' },
    ];

    const error = (await sendMessages('https://sqs.test/1/q.fifo', messages, { ...FAST, client }).catch(
      (e: unknown) => e,
    )) as PublishError;

    expect(error.failed.map((entry) => [entry.id, entry.code])).toEqual([
      ['#10', 'InternalError'],
      ['#11', 'Skipped'],
    ]);
    expect(
      requests.flatMap((request) => request.Entries ?? []).map((entry) => entry.MessageBody),
    ).not.toContain('a1');
  });

  it('does not retry an entry SQS rejects as the sender fault', async () => {
    const { client, requests } = fakeSqs(() => ({ failedIds: ['0'], senderFault: true }));

    const error = await sendMessage('https://sqs.test/1/q', { body: 'x' }, { ...FAST, client }).catch(
      (e: unknown) => e,
    );

    expect((error as PublishError).failed[0]?.message).toContain('rejected, not retried');
    expect(requests).toHaveLength(1);
  });

  it('throws a MessageTooLargeError before sending anything when a message is over 1 MiB', async () => {
    const { client, requests } = fakeSqs(() => ({}));
    const messages = [{ body: 'small' }, { body: 'x'.repeat(SQS_MAX_MESSAGE_BYTES + 1) }];

    const error = await sendMessages('https://sqs.test/1/q', messages, { client }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect((error as MessageTooLargeError).limitBytes).toBe(SQS_MAX_MESSAGE_BYTES);
    expect(requests).toHaveLength(0);
  });

  it('splits messages into calls that stay within 1 MiB in total', async () => {
    const { client, requests } = fakeSqs(() => ({}));
    const body = 'x'.repeat(300_000);

    await sendMessages('https://sqs.test/1/q', [{ body }, { body }, { body }, { body }], { client });

    expect(requests.map((request) => request.Entries?.length)).toEqual([3, 1]);
  });

  it('throws a ConfigurationError for a FIFO message without a group id', async () => {
    const { client } = fakeSqs(() => ({}));

    const error = await sendMessage('https://sqs.test/1/q.fifo', { body: 'x' }, { client }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('has no groupId');
  });
});
