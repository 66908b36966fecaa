import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type * as z from 'zod/mini';
import type { WriteWithEvents } from '../api/place-order.ts';
import { PaymentDeclinedError, type PaymentProvider } from '../payment-provider.ts';
import { EVENT_TYPES, type inventoryReservedData } from '../schemas.ts';
import { finishOrder, releaseStock } from '../shop-table.ts';
import { OrderNotPendingError, orderStatus } from './order-guard.ts';

/** What the payment step needs. */
export interface PaymentStepDeps {
  readonly tableName: string;
  readonly provider: PaymentProvider;
  readonly writeWithEvents: WriteWithEvents;
  /** Actions to commit with the step's writes (the consumer's idempotency marker). */
  readonly markerActions: readonly TransactWriteItem[];
}

/**
 * Handles `InventoryReserved`: charges the order (at most once: the provider is keyed by order id).
 * Paid: the order becomes CONFIRMED with `OrderConfirmed`. Declined: the order becomes REJECTED /
 * PAYMENT_DECLINED, its stock is released (compensation) and `OrderRejected` and `StockReleased`
 * follow, all in one transaction. A provider outage throws a transient error: the consumer retries
 * with backoff, and the queue's redrive policy dead-letters the message when retries run out.
 * An event for an order that does not exist or is no longer PENDING is never charged: it throws an
 * {@link OrderNotPendingError} (permanent: the message is dead-lettered).
 */
export async function takePayment(
  reserved: z.infer<typeof inventoryReservedData>,
  deps: PaymentStepDeps,
): Promise<'confirmed' | 'declined'> {
  const { orderId, customerId } = reserved;
  const now = new Date().toISOString();
  const event = (type: string, data: unknown) => ({
    aggregateType: 'order',
    aggregateId: orderId,
    type,
    data,
  });
  const status = await orderStatus(deps.tableName, orderId);
  if (status !== 'PENDING') throw new OrderNotPendingError(orderId, EVENT_TYPES.inventoryReserved, status);
  try {
    await deps.provider.charge(orderId, reserved.paymentToken);
  } catch (error) {
    if (!(error instanceof PaymentDeclinedError)) throw error;
    await deps.writeWithEvents(
      [
        finishOrder(deps.tableName, orderId, 'REJECTED', 'PAYMENT_DECLINED', now),
        ...releaseStock(deps.tableName, reserved.items),
        ...deps.markerActions,
      ],
      [
        event(EVENT_TYPES.orderRejected, { orderId, customerId, reason: 'PAYMENT_DECLINED' }),
        event(EVENT_TYPES.stockReleased, { orderId, customerId, items: reserved.items }),
      ],
    );
    return 'declined';
  }
  await deps.writeWithEvents(
    [finishOrder(deps.tableName, orderId, 'CONFIRMED', undefined, now), ...deps.markerActions],
    [event(EVENT_TYPES.orderConfirmed, { orderId, customerId })],
  );
  return 'confirmed';
}
