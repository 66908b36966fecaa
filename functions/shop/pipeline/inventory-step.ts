import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type * as z from 'zod/mini';
import type { WriteWithEvents } from '../api/place-order.ts';
import { EVENT_TYPES, type orderPlacedData } from '../schemas.ts';
import { finishOrder, quantitiesBySku, reserveStock } from '../shop-table.ts';
import { failedOnAction, OrderNotPendingError, orderIsPending, orderStatus } from './order-guard.ts';

/** What the inventory step needs. */
export interface InventoryStepDeps {
  readonly tableName: string;
  readonly writeWithEvents: WriteWithEvents;
  /** Actions to commit with the step's writes (the consumer's idempotency marker). */
  readonly markerActions: readonly TransactWriteItem[];
}

/**
 * Handles `OrderPlaced`: reserves every item or none, in one transaction with the idempotency
 * marker and the next event (`InventoryReserved`). When any item is short, or unknown (zero
 * available), the order is rejected `OUT_OF_STOCK` instead, again in one transaction. An event for
 * an order that does not exist or is no longer PENDING takes nothing and throws an
 * {@link OrderNotPendingError} (permanent: the message is dead-lettered). Returns what happened.
 */
export async function reserveInventory(
  placed: z.infer<typeof orderPlacedData>,
  deps: InventoryStepDeps,
): Promise<'reserved' | 'out-of-stock'> {
  const reserve = reserveStock(deps.tableName, placed.items);
  try {
    await deps.writeWithEvents(
      [...reserve, orderIsPending(deps.tableName, placed.orderId), ...deps.markerActions],
      [
        {
          aggregateType: 'order',
          aggregateId: placed.orderId,
          type: EVENT_TYPES.inventoryReserved,
          data: placed,
        },
      ],
    );
    return 'reserved';
  } catch (error) {
    if (failedOnAction(error, reserve.length)) {
      const status = await orderStatus(deps.tableName, placed.orderId);
      throw new OrderNotPendingError(placed.orderId, EVENT_TYPES.orderPlaced, status);
    }
    if (!failedOnStock(error, quantitiesBySku(placed.items).size)) throw error;
  }
  await deps.writeWithEvents(
    [
      finishOrder(deps.tableName, placed.orderId, 'REJECTED', 'OUT_OF_STOCK', new Date().toISOString()),
      ...deps.markerActions,
    ],
    [
      {
        aggregateType: 'order',
        aggregateId: placed.orderId,
        type: EVENT_TYPES.orderRejected,
        data: { orderId: placed.orderId, customerId: placed.customerId, reason: 'OUT_OF_STOCK' },
      },
    ],
  );
  return 'out-of-stock';
}

/** True when a cancelled transaction failed on one of its first `count` actions (the stock checks). */
function failedOnStock(error: unknown, count: number): boolean {
  const reasons = (error as { reasons?: readonly { code: string }[] }).reasons;
  return reasons?.slice(0, count).some((reason) => reason.code === 'ConditionalCheckFailed') ?? false;
}
