import { checkEvents } from './check-events.ts';
import { checkStock } from './check-stock.ts';
import type { AcceptedOrder, ClientViolation } from './driver.ts';
import type { SystemState } from './system-state.ts';

/** One broken guarantee. */
export interface Violation {
  readonly kind: string;
  readonly detail: string;
}

/** What the checker compares the state with. */
export interface CheckInput {
  readonly accepted: readonly AcceptedOrder[];
  readonly initialStock: ReadonlyMap<string, number>;
  readonly state: SystemState;
  /** False when the drain timed out. */
  readonly drained: boolean;
  readonly drainSeconds: number;
  readonly clientViolations?: readonly ClientViolation[];
}

/** The checker's verdict. */
export interface CheckResult {
  readonly violations: readonly Violation[];
  readonly outcomes: Record<string, number>;
  /** Dead-lettered messages that are not tok_down payments (should be none). */
  readonly unexpectedDeadLetters: readonly string[];
}

const PAYMENTS_DLQ = /^PaymentsDeadLetterQueue/;

/** Final states a payment token may lead to (OUT_OF_STOCK is always possible). */
function allowedOutcomes(token: string): readonly string[] {
  if (token === 'tok_ok' || /^tok_flaky_[1-9]$/.test(token)) return ['CONFIRMED', 'REJECTED/OUT_OF_STOCK'];
  if (token === 'tok_down') return ['PENDING/IN_DLQ', 'REJECTED/OUT_OF_STOCK'];
  return ['REJECTED/PAYMENT_DECLINED', 'REJECTED/OUT_OF_STOCK'];
}

/**
 * Checks the guarantees on the drained state: every accepted order reached a final state or sits in
 * a DLQ; at most one charge per order (exactly one when CONFIRMED, none otherwise); one notification
 * and one activity entry per event; per-order events complete and in order; stock conserved per SKU;
 * every tok_down payment in the payments DLQ exactly once; no other dead letters. Pure: the unit
 * test feeds it broken states.
 */
export function checkAudit(input: CheckInput): CheckResult {
  const violations: Violation[] = [];
  const add = (kind: string, detail: string) => violations.push({ kind, detail });
  if (!input.drained)
    add('drain-timeout', `the pipeline had not drained after ${Math.round(input.drainSeconds)} s`);
  for (const v of input.clientViolations ?? []) add(v.kind, v.detail);
  const { state } = input;
  // Distinct events per order: a relay retried after publishing may deliver the same event twice
  // (at least once, same event id); both copies fail alike and both reach the DLQ, which a redrive
  // deduplicates. Two different events for one order would be a double effect.
  const paymentEvents = new Map(
    state.deadLetters
      .filter((d) => PAYMENTS_DLQ.test(d.queue) && d.eventType === 'InventoryReserved')
      .map((d) => [`${d.orderId} ${d.eventId}`, d]),
  );
  const paymentsDlq = countBy([...paymentEvents.values()], (d) => d.orderId ?? '');
  const outcomes: Record<string, number> = {};
  const seen = new Set<string>();
  for (const accepted of input.accepted) {
    if (seen.has(accepted.orderId)) continue;
    seen.add(accepted.orderId);
    const order = state.orders.get(accepted.orderId);
    if (!order) {
      add(
        'lost-order',
        `order ${accepted.orderId} (key ${accepted.key}) was accepted but is not in the table`,
      );
      continue;
    }
    const inDlq = paymentsDlq.get(order.orderId) ?? 0;
    const outcome =
      order.status === 'PENDING'
        ? inDlq > 0
          ? 'PENDING/IN_DLQ'
          : 'PENDING'
        : `${order.status}/${order.reason ?? ''}`;
    const label = outcome === 'CONFIRMED/' ? 'CONFIRMED' : outcome;
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    if (label === 'PENDING' && !state.deadLetters.some((d) => d.orderId === order.orderId)) {
      add(
        'lost-order',
        `order ${order.orderId} (${accepted.token}) is PENDING and no DLQ holds a message of it`,
      );
    } else if (!allowedOutcomes(accepted.token).includes(label) && label !== 'PENDING') {
      add('wrong-outcome', `order ${order.orderId} with ${accepted.token} ended ${label}`);
    }
    if (accepted.token === 'tok_down' && order.status === 'PENDING' && inDlq !== 1) {
      add(
        'tok-down-dlq',
        `tok_down order ${order.orderId} is ${inDlq} times in the payments DLQ (expected once)`,
      );
    }
    const charges = state.ledger.get(order.orderId)?.charges ?? 0;
    if (charges > 1) add('double-charge', `order ${order.orderId} was charged ${charges} times`);
    if (order.status === 'CONFIRMED' && charges !== 1)
      add('confirmed-without-charge', `order ${order.orderId} is CONFIRMED with ${charges} charges`);
    // A PENDING order may be charged with its confirmation still to come (its message in a DLQ,
    // listed as such); a REJECTED one must never have been charged.
    if (order.status === 'REJECTED' && charges > 0)
      add('charge-without-confirmation', `order ${order.orderId} is ${label} but was charged`);
  }
  violations.push(...checkEvents(input, paymentsDlq));
  violations.push(...checkStock(input, paymentsDlq));
  const unexpected = state.deadLetters.filter(
    (d) => !(PAYMENTS_DLQ.test(d.queue) && isTokDown(input, d.orderId)),
  );
  for (const d of unexpected) {
    add(
      'unexpected-dead-letter',
      `${d.queue} holds ${d.eventType ?? 'a message'} ${d.eventId ?? ''} of ${d.orderId ?? 'no order'} (${d.errorName ?? 'moved by the redrive policy'})`,
    );
  }
  return {
    violations,
    outcomes,
    unexpectedDeadLetters: unexpected.map((d) => `${d.queue}: ${d.eventType} ${d.orderId ?? d.eventId}`),
  };
}

function isTokDown(input: CheckInput, orderId: string | undefined): boolean {
  return input.accepted.some((a) => a.orderId === orderId && a.token === 'tok_down');
}

/** Counts values by key. */
export function countBy<T>(values: readonly T[], key: (value: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  return counts;
}
