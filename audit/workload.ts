import { FaultRng } from '../local/faults/index.ts';

/** Payment tokens the audit uses, and how often (the provider's rules: functions/shop/payment-provider.ts). */
export const TOKEN_MIX: readonly (readonly [string, number])[] = [
  ['tok_ok', 0.45],
  ['tok_decline', 0.1],
  ['tok_flaky_1', 0.08],
  ['tok_flaky_2', 0.08],
  ['tok_flaky_3', 0.07],
  ['tok_down', 0.1],
  ['tok_unknown_card', 0.12],
];

/** How the same Idempotency-Key is sent again. */
export type Duplicate = 'none' | 'concurrent' | 'sequential';

/** One order the audit places. */
export interface PlannedOrder {
  readonly index: number;
  readonly key: string;
  readonly body: {
    readonly customerId: string;
    readonly items: readonly { readonly sku: string; readonly quantity: number }[];
    readonly paymentToken: string;
  };
  readonly duplicate: Duplicate;
  /** Ask the API to wait for the outcome (`Prefer: wait=N`) on some orders. */
  readonly waitSeconds: number;
  /** Create a user alongside this order. */
  readonly userEmail?: string;
}

/** Everything a run sends, decided up front from the seed. */
export interface Workload {
  readonly runId: string;
  readonly customerPrefix: string;
  /** SKU to the stock set before the first order (the never-set SKU is absent). */
  readonly initialStock: ReadonlyMap<string, number>;
  readonly unsetSku: string;
  readonly orders: readonly PlannedOrder[];
}

/**
 * Builds a run's orders: many customers and SKUs, stock for about 70 % of the demand (so some
 * orders are rejected OUT_OF_STOCK), one SKU never set, every payment token, 1 in 10 orders sent
 * twice at once and 1 in 10 again after the answer, 1 in 20 with `Prefer: wait=2`, and a user
 * created every 25 orders.
 */
export function planWorkload(count: number, seed: number, runId: string): Workload {
  // The fault plan's seeded generator, on a stream of its own: the same --seed, the same orders.
  const faultRng = new FaultRng(seed);
  const next = () => faultRng.next('workload');
  const rng = {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: (values: readonly string[]) => values[Math.floor(next() * values.length)] ?? values[0] ?? '',
  };
  const skuCount = Math.max(4, Math.min(40, Math.ceil(count / 50)));
  const customers = Math.max(4, Math.min(200, Math.ceil(count / 10)));
  const skus = Array.from({ length: skuCount }, (_, n) => `${runId}-sku-${n}`);
  const unsetSku = `${runId}-sku-unset`;
  const orders: PlannedOrder[] = [];
  const demand = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const items = Array.from({ length: rng.int(1, 3) }, () => ({
      sku: rng.next() < 0.01 ? unsetSku : rng.pick(skus),
      quantity: rng.int(1, 3),
    }));
    for (const { sku, quantity } of items) demand.set(sku, (demand.get(sku) ?? 0) + quantity);
    const draw = rng.next();
    const duplicate: Duplicate = draw < 0.1 ? 'concurrent' : draw < 0.2 ? 'sequential' : 'none';
    orders.push({
      index,
      key: `${runId}-order-${index}`,
      body: {
        customerId: `${runId}-c${rng.int(0, customers - 1)}`,
        items,
        paymentToken: pickToken(rng.next()),
      },
      duplicate,
      waitSeconds: rng.next() < 0.05 ? 2 : 0,
      ...(index % 25 === 0 ? { userEmail: `${runId}-user-${index}@audit.example` } : {}),
    });
  }
  const initialStock = new Map(skus.map((sku) => [sku, Math.round((demand.get(sku) ?? 0) * 0.7)]));
  return { runId, customerPrefix: `${runId}-c`, initialStock, unsetSku, orders };
}

function pickToken(draw: number): string {
  let cumulative = 0;
  for (const [token, share] of TOKEN_MIX) {
    cumulative += share;
    if (draw < cumulative) return token;
  }
  return 'tok_ok';
}
