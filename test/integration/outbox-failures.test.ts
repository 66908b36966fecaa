import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { sqsOnFailureDestination } from '../../local/pollers/on-failure-record.ts';
import { FAILURE_ATTRIBUTES } from '../../runtime/contract.ts';
import { rehydrateFailures } from '../../runtime/outbox/rehydrator.ts';
import { replayOutbox } from '../../runtime/outbox/replay.ts';
import { compareSequenceNumbers } from '../../runtime/outbox/stream-record.ts';
import { createQueue, drainQueue } from '../support/queues.ts';
import { envelopeOf, FlakySqs, outboxFixture, silentLogger } from './outbox-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function fixture() {
  const outbox = await outboxFixture();
  cleanups.push(outbox.stop);
  return outbox;
}

const idOf = (body: string | undefined) => envelopeOf(body).id;

describe('transactional outbox under publish failures', () => {
  it('reports the lowest failed sequence number, and after a replay no event is lost', async () => {
    const outbox = await fixture();
    const queueUrl = await createQueue('orders');
    const written: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      const [envelope] = await outbox.writer.write(
        [],
        [{ aggregateType: 'order', aggregateId: `a${index % 6}`, type: 'OrderTouched', data: { index } }],
      );
      written.push(envelope?.id ?? '');
    }
    // Every 7th event fails in the first two relay invocations that carry it.
    const flakyIds = new Set(written.filter((_, index) => index % 7 === 3));
    const seen = new Map<string, number>();
    let failedNow = new Set<string>();
    const lowestExpected: string[] = [];
    const flaky = new FlakySqs((entry) => {
      const id = idOf(entry.MessageBody);
      const fails = flakyIds.has(id) && (seen.get(id) ?? 0) <= 2;
      if (fails) failedNow.add(id);
      return fails;
    });
    const sequenceOf = new Map<string, string>();

    const poller = await outbox.startRelay(
      { OrderTouched: [{ kind: 'sqs', destination: queueUrl }] },
      {
        sqs: flaky.client,
        poller: { maximumRetryAttempts: 1 },
        beforeInvoke: (event) => {
          if (failedNow.size > 0) {
            const lowest = [...failedNow]
              .map((id) => sequenceOf.get(id) ?? '')
              .sort(compareSequenceNumbers)[0];
            lowestExpected.push(lowest ?? '');
          }
          failedNow = new Set();
          for (const record of event.Records) {
            const id = record.dynamodb?.NewImage?.id?.S ?? '';
            sequenceOf.set(id, record.dynamodb?.SequenceNumber ?? '');
            seen.set(id, (seen.get(id) ?? 0) + 1);
          }
        },
      },
    );
    await poller.waitForIdle();
    const reported = outbox.responses
      .map(({ response }) => response.batchItemFailures[0]?.itemIdentifier)
      .filter((identifier) => identifier !== undefined);
    await replayOutbox({
      tableName: outbox.tableName,
      routes: { OrderTouched: [{ kind: 'sqs', destination: queueUrl }] },
      select: { from: new Date(0), to: new Date(Date.now() + 60_000) },
    });

    const delivered = new Set(
      (await drainQueue(queueUrl, { idleMillis: 500 })).map((message) => idOf(message.Body)),
    );
    expect(flaky.failedEntries).toBeGreaterThan(0);
    expect(outbox.failures.length).toBeGreaterThan(0);
    expect(lowestExpected.length).toBeGreaterThan(0);
    expect(reported.slice(0, lowestExpected.length)).toEqual(lowestExpected);
    expect(written.filter((id) => !delivered.has(id))).toEqual([]);
  });

  it('turns an on-failure metadata record into the full events in the relay DLQ', async () => {
    const outbox = await fixture();
    const onFailureQueue = await createQueue('relay-on-failure');
    const broken = new FlakySqs(() => true);
    const poller = await outbox.startRelay(
      {
        OrderTouched: [{ kind: 'sqs', destination: 'https://sqs.us-east-1.localhost/000000000000/missing' }],
      },
      {
        sqs: broken.client,
        poller: {
          maximumRetryAttempts: 0,
          onFailure: sqsOnFailureDestination(new SQSClient({}), onFailureQueue),
        },
      },
    );
    for (const index of [1, 2, 3]) {
      await outbox.writer.write(
        [],
        [{ aggregateType: 'order', aggregateId: 'r', type: 'OrderTouched', data: { index } }],
      );
    }
    await poller.waitForIdle();
    const received = await new SQSClient({}).send(
      new ReceiveMessageCommand({ QueueUrl: onFailureQueue, MaxNumberOfMessages: 10 }),
    );
    const event: SQSEvent = {
      Records: (received.Messages ?? []).map((message) => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: {} as never,
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:relay-on-failure',
        awsRegion: 'us-east-1',
      })),
    };

    const response = await rehydrateFailures(event, { deadLetterQueueUrl: outbox.dlq, logger: silentLogger });

    const parked = await drainQueue(outbox.dlq, { expected: 3 });
    expect(event.Records.length).toBeGreaterThan(0);
    expect(JSON.parse(event.Records[0]?.body ?? '{}')).not.toHaveProperty('payload');
    expect(response.batchItemFailures).toEqual([]);
    expect(parked.map((message) => envelopeOf(message.Body).sequence).sort()).toEqual([1, 2, 3]);
    expect(JSON.parse(parked[0]?.Body ?? '').data).toHaveProperty('index');
    expect(parked[0]?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe(
      'RelayGaveUpError',
    );
  });

  it('retries SendMessageBatch entries that come back Failed instead of dropping them', async () => {
    const outbox = await fixture();
    const queueUrl = await createQueue('orders');
    const attempted = new Set<string>();
    const flaky = new FlakySqs((entry) => {
      const id = idOf(entry.MessageBody);
      const first = !attempted.has(id);
      attempted.add(id);
      return first && !id.endsWith('0');
    });
    const poller = await outbox.startRelay(
      { OrderTouched: [{ kind: 'sqs', destination: queueUrl }] },
      { sqs: flaky.client },
    );
    for (let index = 0; index < 30; index += 1) {
      await outbox.writer.write(
        [],
        [{ aggregateType: 'order', aggregateId: `f${index % 5}`, type: 'OrderTouched', data: {} }],
      );
    }
    await poller.waitForIdle();

    const received = await drainQueue(queueUrl, { expected: 30 });
    expect(flaky.failedEntries).toBeGreaterThan(0);
    expect(outbox.responses.every(({ response }) => response.batchItemFailures.length === 0)).toBe(true);
    expect(new Set(received.map((message) => idOf(message.Body))).size).toBe(30);
    expect(received).toHaveLength(30);
  });
});
