// The local cloud under load: start-up time, orders per second, POST /orders latency with the
// pipeline idle, with the pipeline busy (thousands of queued routine notifications being worked
// off: asynchronous load alone), and with the API itself saturated by concurrent clients; time from
// accept to CONFIRMED.
// Run: npx tsx bench/local-cloud/run.ts   (BENCH_ORDERS=N, default 600; BENCH_CLIENTS=N, default 16;
// BENCH_BACKLOG=N, default 3000; BENCH_BACKGROUND_NICENESS=N, default 10)
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { floodRoutineLane, routineBacklog, shopQueueUrl } from '../../test/e2e/routine-flood.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ORDERS = Number(process.env.BENCH_ORDERS ?? 600);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 3000);
const PROBES = 150;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

const outdir = join(ROOT, '.cache', `bench-${randomUUID().slice(0, 8)}`);
const started = performance.now();
// BENCH_BACKGROUND_NICENESS=0 runs consumers and relays at the API's priority (the default is 10).
const backgroundNiceness = Number(process.env.BENCH_BACKGROUND_NICENESS ?? 10);
const cloud = await startLocalCloud({
  port: 0,
  outdir,
  log: () => {},
  logSink: () => {},
  backgroundNiceness,
});
const startupMillis = performance.now() - started;
const sku = `bench-${randomUUID().slice(0, 8)}`;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${cloud.url}${path}`, {
    method: path.startsWith('/inventory') ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
async function timedOrder(customer: string): Promise<{ millis: number; orderId: string }> {
  const begin = performance.now();
  const { status, body } = await post(
    '/orders',
    { customerId: customer, items: [{ sku, quantity: 1 }], paymentToken: 'tok_ok' },
    { 'idempotency-key': randomUUID() },
  );
  if (status !== 202) throw new Error(`POST /orders answered ${status}: ${JSON.stringify(body)}`);
  return { millis: performance.now() - begin, orderId: String(body.orderId) };
}
async function probe(): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) latencies.push((await timedOrder('probe')).millis);
  return latencies;
}
/** Places `count` orders from `clients` concurrent clients; returns their ids and the seconds it took. */
async function placeOrders(count: number, clients: number, during?: Promise<unknown>) {
  const orderIds: string[] = [];
  let next = 0;
  const begin = performance.now();
  await Promise.all([
    during,
    ...Array.from({ length: clients }, async (_, client) => {
      while (next < count) {
        next += 1;
        orderIds.push((await timedOrder(`load-${client}`)).orderId);
      }
    }),
  ]);
  return { orderIds, seconds: (performance.now() - begin) / 1000 };
}
type Order = { status: string; createdAt: string; updatedAt: string };
async function readOrder(id: string): Promise<Order> {
  return (await (await fetch(`${cloud.url}/orders/${id}`)).json()) as Order;
}
async function settle(orderIds: readonly string[], since: number): Promise<Map<string, Order>> {
  const finals = new Map<string, Order>();
  while (finals.size < orderIds.length) {
    for (const id of orderIds.filter((o) => !finals.has(o))) {
      const order = await readOrder(id);
      if (order.status !== 'PENDING') finals.set(id, order);
    }
    if (performance.now() - since > 600_000) throw new Error('orders did not settle within 10 minutes');
  }
  return finals;
}

try {
  await post(`/inventory/${sku}`, { available: 1_000_000 });
  await probe(); // warm every function once
  // Warm as many API environments as the load will use: locally, cold starts queue behind one
  // another (one per core), so a cold start during the load would measure that queue, not the
  // effect of asynchronous load on the synchronous path. On AWS they start in parallel.
  for (let round = 0; round < 2; round++)
    await Promise.all(Array.from({ length: CLIENTS + 1 }, (_, n) => timedOrder(`warm-${n}`)));
  // Idle is probed before and after the busy phase, so drift over the run (JIT, caches, the
  // machine's other work) does not favour either side.
  const idle = await probe();

  // Asynchronous load alone: a backlog of routine notifications (valid messages the notifier
  // works off at its full concurrency), probed while it drains. Accepting orders through the API
  // cannot build a backlog here: the pipeline keeps up with the API's accept rate.
  const routineUrl = shopQueueUrl(cloud, 'NotificationsRoutineQueue');
  await floodRoutineLane(routineUrl, BACKLOG, 'bench-flood');
  const pendingAtStart = await routineBacklog(routineUrl);
  const pipelineBusy = await probe();
  const pendingAtEnd = await routineBacklog(routineUrl);
  while ((await routineBacklog(routineUrl)) > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  idle.push(...(await probe()));

  // The API saturated by CLIENTS concurrent clients (synchronous load, with its pipeline behind it).
  const loadStart = performance.now();
  let underLoad: number[] = [];
  const load = await placeOrders(
    ORDERS,
    CLIENTS,
    probe().then((latencies) => {
      underLoad = latencies;
    }),
  );
  const orderIds = load.orderIds;
  const acceptSeconds = load.seconds;
  const finals = await settle(orderIds, loadStart);
  const drainSeconds = (performance.now() - loadStart) / 1000;
  const toConfirmed = [...finals.values()].map((o) => Date.parse(o.updatedAt) - Date.parse(o.createdAt));

  console.log(`| measure | value |
|---|---:|
| background niceness | ${backgroundNiceness} |
| start-up (synth + emulators + provision) | ${(startupMillis / 1000).toFixed(1)} s |
| orders accepted per second (${CLIENTS} clients, ${ORDERS} orders) | ${(ORDERS / acceptSeconds).toFixed(0)} |
| orders completed per second (accept to CONFIRMED, whole run) | ${(ORDERS / drainSeconds).toFixed(0)} |
| POST /orders latency, one client, pipeline idle (before and after): p50 / p99 | ${ms(percentile(idle, 50))} / ${ms(percentile(idle, 99))} |
| POST /orders latency, one client, pipeline busy (routine backlog ${pendingAtStart} -> ${pendingAtEnd} messages): p50 / p99 | ${ms(percentile(pipelineBusy, 50))} / ${ms(percentile(pipelineBusy, 99))} |
| p99 ratio pipeline busy / idle (goal <= 1.5) | ${(percentile(pipelineBusy, 99) / percentile(idle, 99)).toFixed(2)} |
| POST /orders latency, one client beside ${CLIENTS} saturating clients: p50 / p99 | ${ms(percentile(underLoad, 50))} / ${ms(percentile(underLoad, 99))} |
| p99 ratio saturated API / idle | ${(percentile(underLoad, 99) / percentile(idle, 99)).toFixed(2)} |
| accept to CONFIRMED: p50 / p99 | ${ms(percentile(toConfirmed, 50))} / ${ms(percentile(toConfirmed, 99))} |
| confirmed / all | ${[...finals.values()].filter((o) => o.status === 'CONFIRMED').length} / ${finals.size} |`);
} finally {
  await cloud.stop();
  rmSync(outdir, { recursive: true, force: true });
}
