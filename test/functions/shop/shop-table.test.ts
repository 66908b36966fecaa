import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  inventoryKey,
  quantitiesBySku,
  releaseStock,
  reserveStock,
} from '../../../functions/shop/shop-table.ts';
import { createShopTable } from '../../support/shop-table.ts';
import { uniqueName } from '../../support/unique-name.ts';

const dynamodb = new DynamoDBClient({});
let TableName: string;

beforeAll(async () => {
  TableName = await createShopTable();
});

async function stock(sku: string, available: number): Promise<void> {
  await dynamodb.send(new PutItemCommand({ TableName, Item: marshall({ ...inventoryKey(sku), available }) }));
}

async function available(sku: string): Promise<number | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName, Key: marshall(inventoryKey(sku)) }));
  return Item?.available?.N === undefined ? undefined : Number(Item.available.N);
}

describe('shop table stock actions', () => {
  it('sums quantities of a SKU listed twice', () => {
    expect([
      ...quantitiesBySku([
        { sku: 'a', quantity: 2 },
        { sku: 'b', quantity: 1 },
        { sku: 'a', quantity: 3 },
      ]),
    ]).toEqual([
      ['a', 5],
      ['b', 1],
    ]);
  });

  it('reserves every item when there is enough stock, a repeated SKU included', async () => {
    const [a, b] = [uniqueName('sku'), uniqueName('sku')];
    await stock(a, 5);
    await stock(b, 1);

    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: reserveStock(TableName, [
          { sku: a, quantity: 2 },
          { sku: b, quantity: 1 },
          { sku: a, quantity: 3 },
        ]),
      }),
    );

    expect([await available(a), await available(b)]).toEqual([0, 0]);
  });

  it('fails to reserve anything when one item is short', async () => {
    const [a, b] = [uniqueName('sku'), uniqueName('sku')];
    await stock(a, 5);
    await stock(b, 1);

    const reserve = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: reserveStock(TableName, [
          { sku: a, quantity: 1 },
          { sku: b, quantity: 2 },
        ]),
      }),
    );

    await expect(reserve).rejects.toBeInstanceOf(TransactionCanceledException);
    expect([await available(a), await available(b)]).toEqual([5, 1]);
  });

  it('fails to reserve an unknown SKU, as if none were available', async () => {
    const reserve = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: reserveStock(TableName, [{ sku: uniqueName('unknown'), quantity: 1 }]),
      }),
    );

    await expect(reserve).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('releases reserved stock back', async () => {
    const sku = uniqueName('sku');
    await stock(sku, 1);

    await dynamodb.send(
      new TransactWriteItemsCommand({ TransactItems: releaseStock(TableName, [{ sku, quantity: 4 }]) }),
    );

    expect(await available(sku)).toBe(5);
  });
});
