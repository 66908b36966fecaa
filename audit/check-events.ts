import type { CheckInput, Violation } from './checker.ts';
import { countBy } from './checker.ts';

/** The events an order's activity log holds, in sequence order, for each way it can end. */
const EXPECTED_EVENTS: Record<string, readonly string[]> = {
  CONFIRMED: ['OrderPlaced', 'InventoryReserved', 'OrderConfirmed'],
  'REJECTED/OUT_OF_STOCK': ['OrderPlaced', 'OrderRejected'],
  'REJECTED/PAYMENT_DECLINED': ['OrderPlaced', 'InventoryReserved', 'OrderRejected', 'StockReleased'],
  'PENDING/IN_DLQ': ['OrderPlaced', 'InventoryReserved'],
};

/**
 * One notification per (event, kind) and one activity entry per event; per order, its activity
 * entries are exactly the expected events with sequences 1..n in that order, one final-outcome
 * notification per final order, and one activity notification per event; per user, one welcome and
 * one `UserCreated` activity entry.
 */
export function checkEvents(input: CheckInput, paymentsDlq: ReadonlyMap<string, number>): Violation[] {
  const violations: Violation[] = [];
  const add = (kind: string, detail: string) => violations.push({ kind, detail });
  const { state } = input;
  for (const [key, count] of countBy(state.notifications, (n) => `${n.eventId} ${n.kind}`)) {
    if (count > 1) add('duplicate-notification', `notification ${key} was recorded ${count} times`);
  }
  for (const [eventId, count] of countBy(state.activity, (a) => a.eventId)) {
    if (count > 1) add('duplicate-activity', `event ${eventId} has ${count} activity entries`);
  }
  const activityOf = groupBy(state.activity, (a) => a.aggregateId);
  const notificationsOf = groupBy(
    state.notifications.filter((n) => n.orderId !== undefined),
    (n) => n.orderId ?? '',
  );
  const checked = new Set<string>();
  for (const { orderId } of input.accepted) {
    const order = state.orders.get(orderId);
    if (!order || checked.has(orderId)) continue;
    checked.add(orderId);
    const ending =
      order.status === 'PENDING'
        ? (paymentsDlq.get(orderId) ?? 0) > 0
          ? 'PENDING/IN_DLQ'
          : undefined
        : order.status === 'CONFIRMED'
          ? 'CONFIRMED'
          : `${order.status}/${order.reason}`;
    const expected = ending ? EXPECTED_EVENTS[ending] : undefined;
    if (!expected) continue;
    const entries = [...(activityOf.get(orderId) ?? [])].sort((a, b) => a.sequence - b.sequence);
    const types = entries.map((e) => e.type);
    const sequences = entries.map((e) => e.sequence);
    const contiguous = sequences.every((s, n) => s === n + 1);
    if (types.join() !== expected.join() || !contiguous) {
      add(
        'activity-order',
        `order ${orderId} (${ending}) has activity ${entries.map((e) => `${e.sequence}:${e.type}`).join(' ') || 'none'}; expected ${expected.map((t, n) => `${n + 1}:${t}`).join(' ')}`,
      );
    }
    const notes = notificationsOf.get(orderId) ?? [];
    const finals = notes.filter((n) => n.kind === 'order-confirmed' || n.kind === 'order-rejected');
    if (order.status !== 'PENDING' && finals.length !== 1) {
      add(
        'final-notification',
        `order ${orderId} (${ending}) has ${finals.length} outcome notifications (expected 1)`,
      );
    }
    const activityNotes = notes.filter((n) => n.kind === 'activity').length;
    if (activityNotes !== expected.length) {
      add(
        'activity-notification',
        `order ${orderId} (${ending}) has ${activityNotes} activity notifications (expected ${expected.length})`,
      );
    }
  }
  for (const user of state.users) {
    const entries = activityOf.get(user.userId) ?? [];
    if (entries.length !== 1 || entries[0]?.type !== 'UserCreated') {
      add(
        'user-activity',
        `user ${user.userId} (${user.email}) has ${entries.length} activity entries (expected UserCreated once)`,
      );
    }
  }
  return violations;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value));
    if (group) group.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}
