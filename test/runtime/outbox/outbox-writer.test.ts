import {
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  TransactionCancelledError,
  TransactionLimitError,
} from '../../../runtime/errors.ts';
import { type NewOutboxEvent, OutboxWriter } from '../../../runtime/outbox/outbox-writer.ts';
import { createOutboxTable } from '../../support/outbox-table.ts';
import { createShopTable } from '../../support/shop-table.ts';

const dynamodb = new DynamoDBClient({});
const NOW = new Date('2026-03-01T12:00:00.000Z');

function orderEvent(orderId: string, type = 'OrderPlaced', data: unknown = { orderId }): NewOutboxEvent {
  return { aggregateType: 'order', aggregateId: orderId, type, data };
}

function putBusiness(tableName: string, pk: string, condition?: string): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: marshall({ pk, sk: 'ORDER', status: 'PENDING' }),
      ...(condition ? { ConditionExpression: condition } : {}),
    },
  };
}

async function eventsOf(tableName: string, pk: string): Promise<Record<string, unknown>[]> {
  const output = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
    }),
  );
  return (output.Items ?? []).map((item) => unmarshall(item)).filter((item) => item.ferryKind === 'event');
}

describe('OutboxWriter', () => {
  let tableName: string;
  let writer: OutboxWriter;

  beforeAll(async () => {
    ({ tableName } = await createOutboxTable());
    writer = new OutboxWriter({ tableName, source: 'shop.orders', now: () => NOW });
  });

  it('writes the business item and the events in one transaction, numbered from 1', async () => {
    const business = await createShopTable();

    const envelopes = await writer.write(
      [putBusiness(business, 'ORDER#o1')],
      [orderEvent('o1'), orderEvent('o1', 'OrderPriced', { total: 5 })],
    );

    const stored = await eventsOf(tableName, 'order#o1');
    const order = await dynamodb.send(
      new GetItemCommand({ TableName: business, Key: marshall({ pk: 'ORDER#o1', sk: 'ORDER' }) }),
    );
    expect(order.Item).toBeDefined();
    expect(envelopes.map((envelope) => [envelope.type, envelope.sequence])).toEqual([
      ['OrderPlaced', 1],
      ['OrderPriced', 2],
    ]);
    expect(stored.map((item) => [item.sk, item.sequence, item.data])).toEqual([
      ['000000000001', 1, '{"orderId":"o1"}'],
      ['000000000002', 2, '{"total":5}'],
    ]);
    expect(stored[0]).toMatchObject({
      id: envelopes[0]?.id,
      source: 'shop.orders',
      aggregateId: 'o1',
      aggregateType: 'order',
      occurredAt: NOW.toISOString(),
      ttl: NOW.getTime() / 1000 + 604_800,
    });
  });

  it('continues an aggregate from its last sequence', async () => {
    await writer.write([], [orderEvent('o2')]);

    const [envelope] = await writer.write([], [orderEvent('o2', 'OrderPaid')]);

    expect(envelope?.sequence).toBe(2);
  });

  it('gives events time-ordered UUIDv7 ids', async () => {
    const [first] = await writer.write([], [orderEvent('o3')]);

    expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the traceparent into the envelope', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const [envelope] = await writer.write([], [{ ...orderEvent('o4'), traceparent }]);

    expect(envelope?.traceparent).toBe(traceparent);
  });

  it('leaves neither business item nor event when a business condition fails', async () => {
    const business = await createShopTable();
    await writer.write([putBusiness(business, 'ORDER#o5')], [orderEvent('o5')]);

    const error = await writer
      .write(
        [putBusiness(business, 'ORDER#o5', 'attribute_not_exists(pk)')],
        [orderEvent('o5', 'OrderPlacedAgain')],
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionCancelledError);
    expect((error as TransactionCancelledError).reasons[0]?.code).toBe('ConditionalCheckFailed');
    expect((await eventsOf(tableName, 'order#o5')).map((item) => item.type)).toEqual(['OrderPlaced']);
  });

  it('fails one of two concurrent writers of an aggregate with a ConcurrencyError', async () => {
    const slowWriter = new OutboxWriter({ tableName, source: 'shop.orders' });
    await writer.write([], [orderEvent('o6')]);

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => slowWriter.write([], [orderEvent('o6', 'OrderTouched')])),
    );

    const rejected = results.filter((result) => result.status === 'rejected');
    const sequences = (await eventsOf(tableName, 'order#o6')).map((item) => item.sequence);
    expect(rejected.length).toBeGreaterThan(0);
    for (const result of rejected)
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
  });

  it('throws a TransactionLimitError naming the 100-action limit before calling DynamoDB', async () => {
    // 120 aggregates: also more keys than one BatchGetItem takes, so the check must come first.
    const events = Array.from({ length: 120 }, (_, index) => orderEvent(`many-${index}`));

    const error = await writer.write([], events).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionLimitError);
    expect((error as Error).message).toContain('240 actions');
    expect((error as Error).message).toContain('limit of 100 actions');
  });

  it('throws a TransactionLimitError naming the 400 KB item limit for a huge event', async () => {
    const error = await writer
      .write([], [orderEvent('big', 'OrderPlaced', { blob: 'x'.repeat(420_000) })])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionLimitError);
    expect((error as Error).message).toContain('item size limit of 409600 bytes');
    expect(await eventsOf(tableName, 'order#big')).toEqual([]);
  });

  it('throws a TransactionLimitError naming the 4 MB total limit', async () => {
    const events = Array.from({ length: 12 }, (_, index) =>
      orderEvent(`total-${index}`, 'OrderPlaced', { blob: 'x'.repeat(380_000) }),
    );

    const error = await writer.write([], events).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionLimitError);
    expect((error as Error).message).toContain('limit of 4194304 bytes (4 MB)');
  });

  it('stores events beside business items in a business table under a sort key prefix', async () => {
    const business = await createShopTable();
    const inTable = new OutboxWriter({
      tableName: business,
      source: 'shop.orders',
      sortKeyPrefix: 'outbox#',
    });

    await inTable.write([putBusiness(business, 'order#o7')], [orderEvent('o7')]);

    const items = await dynamodb.send(
      new QueryCommand({
        TableName: business,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'order#o7' } },
      }),
    );
    expect((items.Items ?? []).map((item) => item.sk?.S).sort()).toEqual([
      'ORDER',
      'outbox#000000000001',
      'outbox#counter',
    ]);
  });

  it('throws a TypeError when called without events', async () => {
    await expect(writer.write([], [])).rejects.toThrow(/at least one event/);
  });
});
