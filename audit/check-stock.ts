import type { CheckInput, Violation } from './checker.ts';

/**
 * Stock conservation per SKU: initial stock = available + what live orders hold, where CONFIRMED
 * orders hold their quantities for good and PENDING orders whose payment sits in the payments DLQ
 * still hold theirs (reserved, awaiting a redrive); rejected orders hold nothing (never reserved,
 * or released on the failed payment). Never negative.
 */
export function checkStock(input: CheckInput, paymentsDlq: ReadonlyMap<string, number>): Violation[] {
  const held = new Map<string, number>();
  for (const order of input.state.orders.values()) {
    const holds =
      order.status === 'CONFIRMED' ||
      (order.status === 'PENDING' && (paymentsDlq.get(order.orderId) ?? 0) > 0);
    if (!holds) continue;
    for (const { sku, quantity } of order.items) held.set(sku, (held.get(sku) ?? 0) + quantity);
  }
  const violations: Violation[] = [];
  for (const [sku, initial] of input.initialStock) {
    const available = input.state.stock.get(sku);
    const reserved = held.get(sku) ?? 0;
    if (available === undefined) {
      violations.push({ kind: 'stock', detail: `SKU ${sku} has no inventory item (initial ${initial})` });
    } else if (available < 0 || available + reserved !== initial) {
      violations.push({
        kind: 'stock',
        detail: `SKU ${sku}: initial ${initial} but available ${available} + held by live orders ${reserved} = ${available + reserved}`,
      });
    }
  }
  return violations;
}
