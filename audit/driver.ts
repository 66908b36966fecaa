import { setTimeout as delay } from 'node:timers/promises';
import { callShop, type HttpOutcome, type RetryCounts } from './shop-http.ts';
import type { PlannedOrder, Workload } from './workload.ts';

/** An order the API accepted (201 or 202), as the client saw it. */
export interface AcceptedOrder {
  readonly orderId: string;
  readonly key: string;
  readonly customerId: string;
  readonly token: string;
  readonly items: PlannedOrder['body']['items'];
}

/** Something the client saw that must not happen (a replay with another order, a failed request). */
export interface ClientViolation {
  readonly kind: 'idempotency-mismatch' | 'request-failed';
  readonly detail: string;
}

/** What driving the shop produced. */
export interface DriveResult {
  readonly accepted: AcceptedOrder[];
  readonly usersCreated: string[];
  readonly violations: ClientViolation[];
  readonly retries: RetryCounts;
  readonly requests: number;
  readonly duplicatesSent: { concurrent: number; sequential: number };
  readonly drivingSeconds: number;
}

/** How to drive. */
export interface DriveOptions {
  readonly concurrency: number;
  /** Release order n at n / ratePerSecond seconds (a steady soak); undefined: as fast as the clients go. */
  readonly ratePerSecond?: number;
  readonly log: (line: string) => void;
}

/**
 * Drives the shop over HTTP only: sets the stock of every SKU, then `concurrency` clients take the
 * planned orders in turn, each POST /orders retried like a real client (same Idempotency-Key) and
 * duplicated as planned, concurrently or after the first answer; users are created alongside.
 */
export async function driveShop(
  baseUrl: string,
  workload: Workload,
  options: DriveOptions,
): Promise<DriveResult> {
  const retries: RetryCounts = { byCause: {}, gaveUp: 0 };
  const result: DriveResult = {
    accepted: [],
    usersCreated: [],
    violations: [],
    retries,
    requests: 0,
    duplicatesSent: { concurrent: 0, sequential: 0 },
    drivingSeconds: 0,
  };
  const call = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    (result as { requests: number }).requests++;
    return callShop(baseUrl, method, path, body, headers, retries);
  };
  for (const [sku, available] of workload.initialStock) {
    const set = await call('PUT', `/inventory/${encodeURIComponent(sku)}`, { available });
    if (set.status !== 200)
      throw new Error(`setting the stock of ${sku} answered ${set.status}: ${JSON.stringify(set.body)}`);
  }
  const started = performance.now();
  let next = 0;
  let lastLog = started;
  const client = async () => {
    for (let n = next++; n < workload.orders.length; n = next++) {
      const planned = workload.orders[n];
      if (!planned) break;
      if (options.ratePerSecond) {
        const due = started + (n / options.ratePerSecond) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await delay(wait);
      }
      await placeOne(planned, call, result);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        options.log(
          `audit: ${result.accepted.length}/${workload.orders.length} orders accepted after ${Math.round((lastLog - started) / 1000)} s`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  (result as { drivingSeconds: number }).drivingSeconds = (performance.now() - started) / 1000;
  return result;
}

type Call = (
  method: string,
  path: string,
  body: unknown,
  headers?: Record<string, string>,
) => Promise<HttpOutcome>;

async function placeOne(planned: PlannedOrder, call: Call, result: DriveResult): Promise<void> {
  const headers = {
    'idempotency-key': planned.key,
    ...(planned.waitSeconds > 0 ? { prefer: `wait=${planned.waitSeconds}` } : {}),
  };
  const post = () => call('POST', '/orders', planned.body, headers);
  const user = planned.userEmail
    ? call('POST', '/users', { email: planned.userEmail, name: `Audit ${planned.index}` })
    : undefined;
  const answers: HttpOutcome[] = [];
  if (planned.duplicate === 'concurrent') {
    result.duplicatesSent.concurrent++;
    answers.push(...(await Promise.all([post(), post()])));
  } else {
    answers.push(await post());
    if (planned.duplicate === 'sequential') {
      result.duplicatesSent.sequential++;
      answers.push(await post());
    }
  }
  const failed = answers.find((a) => a.status !== 201 && a.status !== 202);
  if (failed) {
    result.violations.push({
      kind: 'request-failed',
      detail: `POST /orders key ${planned.key} answered ${failed.status} after ${failed.attempts} attempts: ${JSON.stringify(failed.body).slice(0, 300)}`,
    });
  }
  const ids = new Set(
    answers.filter((a) => a.status === 201 || a.status === 202).map((a) => String(a.body.orderId)),
  );
  if (ids.size > 1) {
    result.violations.push({
      kind: 'idempotency-mismatch',
      detail: `key ${planned.key} answered different orders: ${[...ids].join(', ')}`,
    });
  }
  for (const orderId of ids) {
    result.accepted.push({
      orderId,
      key: planned.key,
      customerId: planned.body.customerId,
      token: planned.body.paymentToken,
      items: planned.body.items,
    });
  }
  if (user) {
    const created = await user;
    if (created.status === 201) result.usersCreated.push(String(created.body.userId));
    // A retry after a lost answer finds its own email taken: the user exists, the checker finds it.
    else if (created.status !== 409) {
      result.violations.push({
        kind: 'request-failed',
        detail: `POST /users ${planned.userEmail} answered ${created.status}: ${JSON.stringify(created.body).slice(0, 300)}`,
      });
    }
  }
}
