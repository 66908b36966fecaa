import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Order, PlaceOrderBody, RejectionReason } from './schemas.ts';

/**
 * The shop's single table (partition key `pk`, sort key `sk`). One item kind per key prefix:
 * `ORDER#<id>` / `ORDER`, `INVENTORY#<sku>` / `INVENTORY`, `USER#<id>` / `USER`,
 * `EMAIL#<email>` / `USER` (uniqueness of emails), `CUSTOMER#<id>` / `NOTIFICATION#<eventId>#<kind>`,
 * `ACTIVITY#<aggregateId>` / `<sequence>#<eventId>`, `PAYMENT#<orderId>` / `LEDGER`, and the API's
 * `IDEMPOTENCY#...` records. Every function here builds keys or transaction actions; none calls AWS.
 */
export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const inventoryKey = (sku: string) => ({ pk: `INVENTORY#${sku}`, sk: 'INVENTORY' });
export const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' });
export const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'USER' });

/** Puts a new order; fails the transaction if the id exists. */
export function putOrder(tableName: string, order: Order): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: marshall(
        { ...orderKey(order.orderId), kind: 'order', ...order },
        { removeUndefinedValues: true },
      ),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Moves a PENDING order to its final status; fails the transaction if it is not PENDING. */
export function finishOrder(
  tableName: string,
  orderId: string,
  status: 'CONFIRMED' | 'REJECTED',
  reason: RejectionReason | undefined,
  now: string,
): TransactWriteItem {
  return {
    Update: {
      TableName: tableName,
      Key: marshall(orderKey(orderId)),
      UpdateExpression: reason
        ? 'SET #status = :status, updatedAt = :now, reason = :reason'
        : 'SET #status = :status, updatedAt = :now',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall(
        { ':status': status, ':now': now, ':pending': 'PENDING', ...(reason ? { ':reason': reason } : {}) },
        { removeUndefinedValues: true },
      ),
    },
  };
}

/**
 * Sums quantities per SKU: one transaction may not touch an item twice, and an order may list a
 * SKU more than once.
 */
export function quantitiesBySku(items: PlaceOrderBody['items']): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return totals;
}

/**
 * Takes `quantity` of each SKU, all or none: each update holds only if enough is available, and an
 * unknown SKU (no item) counts as zero available, so the transaction is cancelled.
 */
export function reserveStock(tableName: string, items: PlaceOrderBody['items']): TransactWriteItem[] {
  return [...quantitiesBySku(items)].map(([sku, quantity]) => ({
    Update: {
      TableName: tableName,
      Key: marshall(inventoryKey(sku)),
      UpdateExpression: 'SET available = available - :q',
      ConditionExpression: 'attribute_exists(pk) AND available >= :q',
      ExpressionAttributeValues: marshall({ ':q': quantity }),
    },
  }));
}

/** Gives reserved stock back (compensation after a declined payment). */
export function releaseStock(tableName: string, items: PlaceOrderBody['items']): TransactWriteItem[] {
  return [...quantitiesBySku(items)].map(([sku, quantity]) => ({
    Update: {
      TableName: tableName,
      Key: marshall(inventoryKey(sku)),
      UpdateExpression: 'ADD available :q',
      ExpressionAttributeValues: marshall({ ':q': quantity }),
    },
  }));
}
