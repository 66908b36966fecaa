import { describe, expect, it } from 'vitest';
import { type CheckInput, checkAudit } from '../../audit/checker.ts';
import type { AcceptedOrder } from '../../audit/driver.ts';
import type {
  ActivityEntry,
  StoredNotification,
  StoredOrder,
  SystemState,
} from '../../audit/system-state.ts';

/**
 * The checker must be able to fail: a consistent state passes, and each kind of broken state
 * (lost order, double charge, notification twice, stock off, activity out of order, tok_down
 * missing from the DLQ) is flagged with its own kind.
 */
const accepted = (orderId: string, token: string, quantity = 1): AcceptedOrder => ({
  orderId,
  key: `key-${orderId}`,
  customerId: 'run-c1',
  token,
  items: [{ sku: 'run-sku', quantity }],
});

const order = (orderId: string, status: string, reason?: string, quantity = 1): StoredOrder => ({
  orderId,
  customerId: 'run-c1',
  status,
  ...(reason ? { reason } : {}),
  items: [{ sku: 'run-sku', quantity }],
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:01.000Z',
});

function events(
  orderId: string,
  types: string[],
): { activity: ActivityEntry[]; notes: StoredNotification[] } {
  const activity = types.map((type, n) => ({
    aggregateId: orderId,
    sequence: n + 1,
    eventId: `${orderId}-e${n + 1}`,
    type,
  }));
  const notes: StoredNotification[] = activity.map((a) => ({
    customerId: 'run-c1',
    eventId: a.eventId,
    kind: 'activity',
    orderId,
  }));
  const final = activity.find((a) => a.type === 'OrderConfirmed' || a.type === 'OrderRejected');
  if (final) {
    notes.push({
      customerId: 'run-c1',
      eventId: final.eventId,
      kind: final.type === 'OrderConfirmed' ? 'order-confirmed' : 'order-rejected',
      orderId,
    });
  }
  return { activity, notes };
}

/** Four orders, all consistent: confirmed (2 units), declined, out of stock, tok_down in the DLQ (3 units). */
function consistent(): { input: CheckInput; state: SystemState & Record<string, unknown> } {
  const confirmed = events('o1', ['OrderPlaced', 'InventoryReserved', 'OrderConfirmed']);
  const declined = events('o2', ['OrderPlaced', 'InventoryReserved', 'OrderRejected', 'StockReleased']);
  const outOfStock = events('o3', ['OrderPlaced', 'OrderRejected']);
  const down = events('o4', ['OrderPlaced', 'InventoryReserved']);
  const state = {
    orders: new Map([
      ['o1', order('o1', 'CONFIRMED', undefined, 2)],
      ['o2', order('o2', 'REJECTED', 'PAYMENT_DECLINED')],
      ['o3', order('o3', 'REJECTED', 'OUT_OF_STOCK', 50)],
      ['o4', order('o4', 'PENDING', undefined, 3)],
    ]),
    ledger: new Map([
      ['o1', { attempts: 1, charges: 1 }],
      ['o2', { attempts: 1, charges: 0 }],
      ['o4', { attempts: 5, charges: 0 }],
    ]),
    notifications: [...confirmed.notes, ...declined.notes, ...outOfStock.notes, ...down.notes],
    activity: [...confirmed.activity, ...declined.activity, ...outOfStock.activity, ...down.activity],
    stock: new Map([['run-sku', 5]]),
    users: [],
    deadLetters: [
      {
        queue: 'PaymentsDeadLetterQueue6627B8CC',
        eventId: 'o4-e2',
        eventType: 'InventoryReserved',
        orderId: 'o4',
      },
    ],
  };
  const input: CheckInput = {
    accepted: [
      accepted('o1', 'tok_ok', 2),
      accepted('o2', 'tok_decline'),
      accepted('o3', 'tok_ok', 50),
      accepted('o4', 'tok_down', 3),
    ],
    initialStock: new Map([['run-sku', 10]]),
    state,
    drained: true,
    drainSeconds: 3,
  };
  return { input, state };
}

const kinds = (input: CheckInput) => checkAudit(input).violations.map((v) => v.kind);

describe('checkAudit', () => {
  it('passes a consistent state and counts its outcomes', () => {
    const result = checkAudit(consistent().input);
    expect(result.violations).toEqual([]);
    expect(result.outcomes).toEqual({
      CONFIRMED: 1,
      'REJECTED/PAYMENT_DECLINED': 1,
      'REJECTED/OUT_OF_STOCK': 1,
      'PENDING/IN_DLQ': 1,
    });
  });

  it('flags a lost order: accepted but missing, or PENDING with nothing in a DLQ', () => {
    const { input, state } = consistent();
    const orders = new Map(state.orders);
    orders.delete('o2');
    orders.set('o1', order('o1', 'PENDING', undefined, 2));
    expect(kinds({ ...input, state: { ...state, orders } })).toContain('lost-order');
    expect(
      checkAudit({ ...input, state: { ...state, orders } }).violations.filter((v) => v.kind === 'lost-order'),
    ).toHaveLength(2);
  });

  it('flags a double charge and a charge of a rejected order, not of one parked in the DLQ', () => {
    const { input, state } = consistent();
    const ledger = new Map(state.ledger);
    ledger.set('o1', { attempts: 2, charges: 2 });
    ledger.set('o2', { attempts: 1, charges: 1 });
    ledger.set('o4', { attempts: 5, charges: 1 });
    expect(kinds({ ...input, state: { ...state, ledger } }).sort()).toEqual([
      'charge-without-confirmation',
      'confirmed-without-charge',
      'double-charge',
    ]);
  });

  it('flags a notification recorded twice and a second outcome notification', () => {
    const { input, state } = consistent();
    const twice = state.notifications.find((n) => n.kind === 'order-confirmed');
    if (!twice) throw new Error('fixture has no order-confirmed notification');
    const notifications = [...state.notifications, twice, { ...twice, eventId: 'o1-other' }];
    expect(kinds({ ...input, state: { ...state, notifications } })).toEqual(
      expect.arrayContaining(['duplicate-notification', 'final-notification']),
    );
  });

  it('flags stock that does not add up', () => {
    const { input, state } = consistent();
    expect(kinds({ ...input, state: { ...state, stock: new Map([['run-sku', 6]]) } })).toEqual(['stock']);
    expect(kinds({ ...input, state: { ...state, stock: new Map() } })).toEqual(['stock']);
  });

  it('flags activity out of order, missing or duplicated', () => {
    const { input, state } = consistent();
    const swapped = state.activity.map((a) =>
      a.aggregateId === 'o1' && a.sequence === 2
        ? { ...a, type: 'OrderConfirmed' }
        : a.aggregateId === 'o1' && a.sequence === 3
          ? { ...a, type: 'InventoryReserved' }
          : a,
    );
    expect(kinds({ ...input, state: { ...state, activity: swapped } })).toEqual(['activity-order']);
    const gap = state.activity.filter((a) => !(a.aggregateId === 'o2' && a.sequence === 3));
    expect(kinds({ ...input, state: { ...state, activity: gap } })).toEqual(['activity-order']);
    const first = state.activity[0];
    if (!first) throw new Error('fixture has no activity');
    expect(kinds({ ...input, state: { ...state, activity: [...state.activity, first] } })).toEqual(
      expect.arrayContaining(['duplicate-activity', 'activity-order']),
    );
  });

  it('flags a tok_down payment missing from the DLQ or in it twice, and other dead letters', () => {
    const { input, state } = consistent();
    expect(kinds({ ...input, state: { ...state, deadLetters: [] } })).toContain('lost-order');
    const letter = state.deadLetters[0];
    if (!letter) throw new Error('fixture has no dead letter');
    // Two copies of the same event (a relay retried after publishing) are at least once, not a fault;
    // two different payment events for one order are.
    expect(kinds({ ...input, state: { ...state, deadLetters: [letter, letter] } })).toEqual([]);
    const second = { ...letter, eventId: 'o4-e2-again' };
    expect(kinds({ ...input, state: { ...state, deadLetters: [letter, second] } })).toContain('tok-down-dlq');
    const stray = {
      queue: 'OrdersDeadLetterQueueA73944CE',
      eventId: 'o1-e1',
      eventType: 'OrderPlaced',
      orderId: 'o1',
    };
    expect(kinds({ ...input, state: { ...state, deadLetters: [...state.deadLetters, stray] } })).toEqual([
      'unexpected-dead-letter',
    ]);
  });

  it('flags a wrong outcome, a drain timeout and what the clients saw', () => {
    const { input, state } = consistent();
    const orders = new Map(state.orders);
    orders.set('o2', order('o2', 'CONFIRMED'));
    const result = kinds({
      ...input,
      state: { ...state, orders },
      drained: false,
      clientViolations: [{ kind: 'idempotency-mismatch', detail: 'key k answered o1 and o9' }],
    });
    expect(result).toEqual(
      expect.arrayContaining(['wrong-outcome', 'drain-timeout', 'idempotency-mismatch']),
    );
  });
});
