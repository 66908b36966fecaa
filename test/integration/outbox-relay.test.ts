import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILURE_ATTRIBUTES } from '../../runtime/contract.ts';
import { TransactionCancelledError } from '../../runtime/errors.ts';
import { eventSortKey } from '../../runtime/outbox/outbox-item.ts';
import { createQueue, drainQueue } from '../support/queues.ts';
import { createShopTable } from '../support/shop-table.ts';
import { envelopeOf, outboxFixture, writeWithRetry } from './outbox-harness.ts';

const dynamodb = new DynamoDBClient({});
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function fixture() {
  const outbox = await outboxFixture();
  cleanups.push(outbox.stop);
  return outbox;
}

describe('transactional outbox through the stream poller', () => {
  it('leaves neither business item nor event, and publishes nothing, when a condition fails', async () => {
    const outbox = await fixture();
    const business = await createShopTable();
    const queueUrl = await createQueue('orders');
    const poller = await outbox.startRelay({ '*': [{ kind: 'sqs', destination: queueUrl }] });
    const guardedPut = {
      Put: {
        TableName: business,
        Item: marshall({ pk: 'ORDER#x', sk: 'ORDER' }),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };

    const error = await outbox.writer
      .write([guardedPut], [{ aggregateType: 'order', aggregateId: 'x', type: 'OrderPlaced', data: {} }])
      .catch((e: unknown) => e);
    await poller.waitForIdle();

    const order = await dynamodb.send(
      new GetItemCommand({ TableName: business, Key: marshall({ pk: 'ORDER#x', sk: 'ORDER' }) }),
    );
    const event = await dynamodb.send(
      new GetItemCommand({
        TableName: outbox.tableName,
        Key: marshall({ pk: 'order#x', sk: eventSortKey(1) }),
      }),
    );
    expect(error).toBeInstanceOf(TransactionCancelledError);
    expect(order.Item).toBeUndefined();
    expect(event.Item).toBeUndefined();
    expect(await drainQueue(queueUrl, { idleMillis: 200 })).toEqual([]);
    expect(outbox.responses).toEqual([]);
  });

  it('delivers 50 aggregates x 40 concurrently written events to a FIFO queue, contiguous and in order', async () => {
    const outbox = await fixture();
    const queueUrl = await createQueue('orders', { fifo: true });
    await outbox.startRelay({ OrderTouched: [{ kind: 'sqs', destination: queueUrl, fifo: true }] });
    const aggregates = Array.from({ length: 50 }, (_, index) => `agg-${index}`);

    // Two racing writers per aggregate, all aggregates at once.
    await Promise.all(
      aggregates.flatMap((aggregateId) =>
        [0, 1].map(async () => {
          for (let index = 0; index < 20; index += 1) {
            await writeWithRetry(outbox.writer, {
              aggregateType: 'order',
              aggregateId,
              type: 'OrderTouched',
              data: {},
            });
          }
        }),
      ),
    );
    const received = await drainQueue(queueUrl, { expected: 2_000, timeoutMillis: 60_000 });

    const sequences = new Map<string, number[]>();
    for (const message of received) {
      const envelope = envelopeOf(message.Body);
      sequences.set(envelope.aggregateId, [
        ...(sequences.get(envelope.aggregateId) ?? []),
        envelope.sequence,
      ]);
    }
    const expected = Array.from({ length: 40 }, (_, index) => index + 1);
    expect(received).toHaveLength(2_000);
    for (const aggregateId of aggregates) expect(sequences.get(aggregateId)).toEqual(expected);
  }, 120_000);

  it('never publishes MODIFY or REMOVE records, TTL-style removals included', async () => {
    const outbox = await fixture();
    const queueUrl = await createQueue('orders');
    const poller = await outbox.startRelay({ '*': [{ kind: 'sqs', destination: queueUrl }] });
    await outbox.writer.write(
      [],
      [{ aggregateType: 'order', aggregateId: 'm', type: 'OrderPlaced', data: {} }],
    );
    await outbox.writer.write(
      [],
      [{ aggregateType: 'order', aggregateId: 'm', type: 'OrderPaid', data: {} }],
    );
    const first = marshall({ pk: 'order#m', sk: eventSortKey(1) });

    await dynamodb.send(
      new UpdateItemCommand({
        TableName: outbox.tableName,
        Key: first,
        UpdateExpression: 'SET #ttl = :past',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':past': { N: '1' } },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: outbox.tableName, Key: first }));
    await poller.waitForIdle();

    const received = await drainQueue(queueUrl, { idleMillis: 300 });
    expect(received.map((message) => envelopeOf(message.Body).type)).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(poller.stats.filteredOutEventCount).toBeGreaterThanOrEqual(2);
  });

  it('parks a poison event whole in the relay DLQ and lets the events behind it flow', async () => {
    const outbox = await fixture();
    const queueUrl = await createQueue('orders');
    const poller = await outbox.startRelay({ OrderPlaced: [{ kind: 'sqs', destination: queueUrl }] });
    for (const type of ['OrderPlaced', 'Unrouted', 'OrderPlaced', 'OrderPlaced']) {
      await outbox.writer.write([], [{ aggregateType: 'order', aggregateId: 'p', type, data: { type } }]);
    }
    await poller.waitForIdle();

    const received = await drainQueue(queueUrl, { expected: 3 });
    const [parked] = await drainQueue(outbox.dlq, { expected: 1 });
    expect(received.map((message) => envelopeOf(message.Body).sequence).sort()).toEqual([1, 3, 4]);
    expect(envelopeOf(parked?.Body)).toMatchObject({ type: 'Unrouted', sequence: 2, aggregateId: 'p' });
    expect(JSON.parse(parked?.Body ?? '').data).toEqual({ type: 'Unrouted' });
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('NoRouteError');
    expect(outbox.responses.every(({ response }) => response.batchItemFailures.length === 0)).toBe(true);
  });
});
