import type { FerryEnvelope } from '../../../runtime/contract.ts';
import type { Lane, Notifications } from '../notifications.ts';
import { EVENT_TYPES } from '../schemas.ts';

/** The customer an event concerns: the order's customer, or the new user itself. */
function customerOf(event: FerryEnvelope): string | undefined {
  const data = event.data as { customerId?: unknown; userId?: unknown };
  const id = data.customerId ?? data.userId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Handles one event on a priority lane. Urgent lane: one `order-confirmed` or `order-rejected`
 * notification per final order. Routine lane: one `activity` entry per event (also kept in the
 * aggregate's activity log, ordered by sequence), plus a `welcome` for `UserCreated`. Every write is
 * keyed by event id and kind, so a redelivery changes nothing.
 */
export async function notify(
  event: FerryEnvelope,
  lane: Lane,
  notifications: Notifications,
): Promise<string[]> {
  const customerId = customerOf(event);
  const orderId = (event.data as { orderId?: unknown }).orderId;
  const order = typeof orderId === 'string' ? orderId : undefined;
  const kinds: string[] = [];
  if (lane === 'urgent') {
    if (event.type === EVENT_TYPES.orderConfirmed) kinds.push('order-confirmed');
    if (event.type === EVENT_TYPES.orderRejected) kinds.push('order-rejected');
  } else {
    kinds.push('activity');
    if (event.type === EVENT_TYPES.userCreated) kinds.push('welcome');
    await notifications.recordActivity(event, lane);
  }
  if (customerId) {
    for (const kind of kinds) await notifications.notify(customerId, kind, lane, event, order);
  }
  return kinds;
}
