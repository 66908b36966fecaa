import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { Notifications } from '../../../../functions/shop/notifications.ts';
import { PaymentProvider, ProviderUnavailableError } from '../../../../functions/shop/payment-provider.ts';
import { reserveInventory } from '../../../../functions/shop/pipeline/inventory-step.ts';
import { notify } from '../../../../functions/shop/pipeline/notify-step.ts';
import { OrderNotPendingError } from '../../../../functions/shop/pipeline/order-guard.ts';
import { takePayment } from '../../../../functions/shop/pipeline/payment-step.ts';
import type { Order } from '../../../../functions/shop/schemas.ts';
import { inventoryKey, orderKey, putOrder } from '../../../../functions/shop/shop-table.ts';
import type { FerryEnvelope } from '../../../../runtime/contract.ts';
import { isPermanentError } from '../../../../runtime/errors.ts';
import { fakeOutbox } from '../../../support/fake-outbox.ts';
import { createShopTable } from '../../../support/shop-table.ts';
import { uniqueName } from '../../../support/unique-name.ts';

const dynamodb = new DynamoDBClient({});
let tableName: string;

beforeAll(async () => {
  tableName = await createShopTable('pipeline');
});

async function setStock(sku: string, available: number) {
  await dynamodb.send(
    new PutItemCommand({ TableName: tableName, Item: marshall({ ...inventoryKey(sku), available }) }),
  );
}
async function stockOf(sku: string) {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: tableName, Key: marshall(inventoryKey(sku)) }),
  );
  return Number(Item?.available?.N);
}
async function orderOf(orderId: string) {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: tableName, Key: marshall(orderKey(orderId)) }),
  );
  return Item ? unmarshall(Item) : undefined;
}
async function placed(sku: string, quantity: number, paymentToken = 'tok_ok') {
  const orderId = uniqueName('order');
  const now = new Date().toISOString();
  const order: Order = {
    orderId,
    customerId: 'c-1',
    items: [{ sku, quantity }],
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
  };
  await fakeOutbox().writeWithEvents([putOrder(tableName, order)], []);
  return { orderId, customerId: 'c-1', items: order.items, paymentToken };
}

describe('inventory step', () => {
  it('reserves stock and emits InventoryReserved', async () => {
    const sku = uniqueName('sku');
    await setStock(sku, 5);
    const outbox = fakeOutbox();
    const order = await placed(sku, 3);

    const outcome = await reserveInventory(order, {
      tableName,
      writeWithEvents: outbox.writeWithEvents,
      markerActions: [],
    });

    expect(outcome).toBe('reserved');
    expect(await stockOf(sku)).toBe(2);
    expect(outbox.events.map((e) => e.type)).toEqual(['InventoryReserved']);
  });

  it('rejects the order OUT_OF_STOCK and takes nothing when stock is short', async () => {
    const sku = uniqueName('sku');
    await setStock(sku, 1);
    const outbox = fakeOutbox();
    const order = await placed(sku, 3);

    const outcome = await reserveInventory(order, {
      tableName,
      writeWithEvents: outbox.writeWithEvents,
      markerActions: [],
    });

    expect(outcome).toBe('out-of-stock');
    expect(await stockOf(sku)).toBe(1);
    expect(await orderOf(order.orderId)).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    expect(outbox.events.map((e) => e.type)).toEqual(['OrderRejected']);
  });
});

describe('inventory step on a forged OrderPlaced', () => {
  it('throws a permanent OrderNotPendingError and takes no stock for an order that does not exist', async () => {
    const sku = uniqueName('sku');
    await setStock(sku, 5);
    const outbox = fakeOutbox();
    const forged = {
      orderId: uniqueName('forged'),
      customerId: 'c-1',
      items: [{ sku, quantity: 2 }],
      paymentToken: 'tok_ok',
    };

    const error = await reserveInventory(forged, {
      tableName,
      writeWithEvents: outbox.writeWithEvents,
      markerActions: [],
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OrderNotPendingError);
    expect(isPermanentError(error)).toBe(true);
    expect((error as Error).message).toContain('does not exist');
    expect(await stockOf(sku)).toBe(5);
    expect(outbox.events).toEqual([]);
  });

  it('throws OrderNotPendingError for an order that is already final, even when stock is short', async () => {
    const sku = uniqueName('sku');
    await setStock(sku, 0);
    const order = await placed(sku, 1, 'tok_decline');
    await reserveInventory(order, {
      tableName,
      writeWithEvents: fakeOutbox().writeWithEvents,
      markerActions: [],
    });

    const error = await reserveInventory(order, {
      tableName,
      writeWithEvents: fakeOutbox().writeWithEvents,
      markerActions: [],
    }).catch((caught: unknown) => caught);

    expect((error as Error).message).toContain('is REJECTED, not PENDING');
  });
});

describe('payment step', () => {
  it('confirms a paid order with one charge', async () => {
    const provider = new PaymentProvider(tableName);
    const outbox = fakeOutbox();
    const order = await placed(uniqueName('sku'), 1);

    expect(
      await takePayment(order, {
        tableName,
        provider,
        writeWithEvents: outbox.writeWithEvents,
        markerActions: [],
      }),
    ).toBe('confirmed');
    expect(await orderOf(order.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await provider.ledger(order.orderId)).charges).toBe(1);
    expect(outbox.events.map((e) => e.type)).toEqual(['OrderConfirmed']);
  });

  it('rejects a declined order PAYMENT_DECLINED and releases its stock', async () => {
    const sku = uniqueName('sku');
    await setStock(sku, 0);
    const provider = new PaymentProvider(tableName);
    const outbox = fakeOutbox();
    const order = await placed(sku, 4, 'tok_decline');

    await takePayment(order, {
      tableName,
      provider,
      writeWithEvents: outbox.writeWithEvents,
      markerActions: [],
    });

    expect(await orderOf(order.orderId)).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    expect(await stockOf(sku)).toBe(4);
    expect(outbox.events.map((e) => e.type)).toEqual(['OrderRejected', 'StockReleased']);
  });

  it('throws a transient error while the provider is down and leaves the order PENDING', async () => {
    const provider = new PaymentProvider(tableName);
    const outbox = fakeOutbox();
    const order = await placed(uniqueName('sku'), 1, 'tok_down');

    await expect(
      takePayment(order, { tableName, provider, writeWithEvents: outbox.writeWithEvents, markerActions: [] }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(await orderOf(order.orderId)).toMatchObject({ status: 'PENDING' });
  });
});

describe('payment step on a forged InventoryReserved', () => {
  it('throws a permanent OrderNotPendingError and charges nothing for an order that does not exist', async () => {
    const provider = new PaymentProvider(tableName);
    const orderId = uniqueName('forged');
    const forged = { orderId, customerId: 'c-1', items: [{ sku: 's', quantity: 1 }], paymentToken: 'tok_ok' };

    const error = await takePayment(forged, {
      tableName,
      provider,
      writeWithEvents: fakeOutbox().writeWithEvents,
      markerActions: [],
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OrderNotPendingError);
    expect(await provider.ledger(orderId)).toEqual({ orderId, attempts: 0, charges: 0 });
  });
});

describe('notify step', () => {
  const envelope = (type: string, data: unknown): FerryEnvelope => ({
    id: uniqueName('event'),
    type,
    source: 'test',
    aggregateId: 'agg',
    sequence: 1,
    occurredAt: new Date().toISOString(),
    data,
  });

  it('sends one urgent notification per final order and nothing urgent for other events', async () => {
    const notifications = new Notifications(tableName);
    const customerId = uniqueName('customer');

    const confirmed = await notify(
      envelope('OrderConfirmed', { orderId: 'o', customerId }),
      'urgent',
      notifications,
    );
    const placedKinds = await notify(
      envelope('OrderPlaced', { orderId: 'o', customerId }),
      'urgent',
      notifications,
    );

    expect([confirmed, placedKinds]).toEqual([['order-confirmed'], []]);
    expect((await notifications.list(customerId)).map((n) => [n.kind, n.lane])).toEqual([
      ['order-confirmed', 'urgent'],
    ]);
  });

  it('records one activity entry per event on the routine lane, and a welcome for a new user', async () => {
    const notifications = new Notifications(tableName);
    const userId = uniqueName('user');

    const kinds = await notify(
      envelope('UserCreated', { userId, email: 'a@b.c', name: 'A' }),
      'routine',
      notifications,
    );

    expect(kinds).toEqual(['activity', 'welcome']);
    expect((await notifications.list(userId)).map((n) => n.kind).sort()).toEqual(['activity', 'welcome']);
  });
});
