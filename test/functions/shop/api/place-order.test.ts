import { DynamoDBClient, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type NewEvent,
  type PlaceOrderDeps,
  placeOrder,
} from '../../../../functions/shop/api/place-order.ts';
import { ReadRoutes } from '../../../../functions/shop/api/read-routes.ts';
import { orderKey } from '../../../../functions/shop/shop-table.ts';
import { errorResponse, fingerprint, IdempotentRequests } from '../../../../runtime/index.ts';
import { httpEvent } from '../../../support/http-event.ts';
import { createShopTable } from '../../../support/shop-table.ts';
import { uniqueName } from '../../../support/unique-name.ts';

const dynamodb = new DynamoDBClient({});
let tableName: string;
let events: NewEvent[];
let deps: PlaceOrderDeps;

beforeAll(async () => {
  tableName = await createShopTable('orders-api');
  const routes = new ReadRoutes(tableName);
  events = [];
  deps = {
    tableName,
    requests: new IdempotentRequests({ tableName, sortKey: 'sk' }),
    // Stands in for the outbox writer: the same transaction, events kept in memory.
    writeWithEvents: async (actions, newEvents) => {
      await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: actions }));
      events.push(...newEvents);
    },
    readOrder: (orderId) => routes.readOrder(orderId),
    remainingMillis: () => 30_000,
  };
});

function post(body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return httpEvent('POST /orders', { body, headers });
}

async function call(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return placeOrder(event, deps).catch(errorResponse);
}

const order = (customerId = uniqueName('customer')) => ({
  customerId,
  items: [{ sku: 'sku-1', quantity: 2 }],
  paymentToken: 'tok_ok',
});

describe('placeOrder', () => {
  it('answers 202 with Location and Retry-After, and writes one OrderPlaced event', async () => {
    const before = events.length;

    const response = await call(post(order(), { 'idempotency-key': uniqueName('k') }));

    const body = JSON.parse(response.body ?? '');
    expect(response.statusCode).toBe(202);
    expect(response.headers).toMatchObject({ location: `/orders/${body.orderId}`, 'retry-after': '1' });
    expect(body).toEqual({ orderId: expect.any(String), status: 'PENDING' });
    expect(events.slice(before)).toEqual([
      expect.objectContaining({ type: 'OrderPlaced', aggregateId: body.orderId }),
    ]);
  });

  it('replays the same order with Idempotent-Replayed and no new event', async () => {
    const key = uniqueName('k');
    const payload = order();
    const first = await call(post(payload, { 'idempotency-key': key }));
    const before = events.length;

    const again = await call(post(payload, { 'idempotency-key': key }));

    expect(again.statusCode).toBe(202);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(JSON.parse(again.body ?? '').orderId).toBe(JSON.parse(first.body ?? '').orderId);
    expect(events.length).toBe(before);
  });

  it('fails with 422 when the key is reused with another body', async () => {
    const key = uniqueName('k');
    const payload = order();
    await call(post(payload, { 'idempotency-key': key }));

    const response = await call(
      post({ ...payload, paymentToken: 'tok_decline' }, { 'idempotency-key': key }),
    );

    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });

  it('fails with 409 while the first request with the key is still being written', async () => {
    const key = uniqueName('k');
    const payload = order();
    await deps.requests.begin(payload.customerId, key, fingerprint(payload));

    expect((await call(post(payload, { 'idempotency-key': key }))).statusCode).toBe(409);
  });

  it('fails with 400 without an Idempotency-Key', async () => {
    expect((await call(post(order()))).statusCode).toBe(400);
  });

  it('fails with 400 listing each problem of an invalid body', async () => {
    const response = await call(
      post(
        { customerId: '', items: [{ sku: 'a', quantity: 0 }], extra: 1 },
        { 'idempotency-key': uniqueName('k') },
      ),
    );

    const pointers = JSON.parse(response.body ?? '').errors.map((e: { pointer: string }) => e.pointer);
    expect(response.statusCode).toBe(400);
    expect(pointers).toEqual(expect.arrayContaining(['/customerId', '/items/0/quantity', '/paymentToken']));
  });

  it('fails with 413 for a body over 64 KiB and 415 for a non-JSON content type', async () => {
    const key = { 'idempotency-key': uniqueName('k') };

    expect((await call(post('x'.repeat(70_000), key))).statusCode).toBe(413);
    expect((await call(post(order(), { ...key, 'content-type': 'text/plain' }))).statusCode).toBe(415);
  });

  it('answers 201 with the whole order when it becomes final within Prefer: wait', async () => {
    const key = uniqueName('k');
    const payload = order();
    setTimeout(async () => {
      const placed = events.at(-1)?.aggregateId ?? '';
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall(orderKey(placed)),
          UpdateExpression: 'SET #s = :c',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: marshall({ ':c': 'CONFIRMED' }),
        }),
      );
    }, 300);

    const response = await call(post(payload, { 'idempotency-key': key, prefer: 'wait=5' }));

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['preference-applied']).toBe('wait=5');
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      customerId: payload.customerId,
      status: 'CONFIRMED',
    });
  });

  it('answers 202 when the order is still pending after the wait, and caps the wait at 20', async () => {
    // An invocation with 1.5 s left waits at most 0.5 s, whatever the client asked for.
    const shortOfTime = { ...deps, remainingMillis: () => 1_500 };

    const response = await placeOrder(
      post(order(), { 'idempotency-key': uniqueName('k'), prefer: 'wait=60' }),
      shortOfTime,
    );

    expect(response.statusCode).toBe(202);
    expect(response.headers?.['preference-applied']).toBe('wait=20');
  });

  it('releases the key when the write fails, so a retry can proceed', async () => {
    const key = uniqueName('k');
    const payload = order();
    const failing = { ...deps, writeWithEvents: async () => Promise.reject(new Error('throttled')) };
    const failed = await placeOrder(post(payload, { 'idempotency-key': key }), failing).catch(errorResponse);

    const retried = await call(post(payload, { 'idempotency-key': key }));

    expect(failed.statusCode).toBe(500);
    expect(retried.statusCode).toBe(202);
  });
});
