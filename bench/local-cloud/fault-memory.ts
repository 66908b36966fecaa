// Memory of the local cloud under faults: orders placed in a loop for BENCH_SECONDS (default 120)
// while consumers and relays are killed, lose acks and time out and AWS calls fail; RSS and heap
// at start and end (after a GC), the fault counts, and what is left open (live environments by
// state, sockets and other handles). Orders still not final after the drain are counted.
// Run: node --expose-gc bench/local-cloud/fault-memory.ts   (BENCH_SECONDS=N, BENCH_SEED=N, BENCH_PLAN)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { shopClient } from '../../test/e2e/shop-client.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const SEED = Number(process.env.BENCH_SEED ?? 1);
// Kill-heavy by default: the point is to churn through environments. BENCH_PLAN='{...}' overrides
// it; BENCH_PLAN=none runs without faults (the baseline).
const NO_FAULTS = process.env.BENCH_PLAN === 'none';
const PLAN = {
  seed: SEED,
  killBeforeEffect: 0.15,
  lostAck: 0.15,
  timeout: 0.02,
  sdkErrorRate: 0.02,
  dynamoRestartEverySeconds: 45,
  ...(process.env.BENCH_PLAN && !NO_FAULTS ? (JSON.parse(process.env.BENCH_PLAN) as object) : {}),
};
const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { rssMb: number; heapMb: number } {
  gc?.();
  const usage = process.memoryUsage();
  return { rssMb: Math.round(usage.rss / 2 ** 20), heapMb: Math.round(usage.heapUsed / 2 ** 20) };
}

const outdir = join(ROOT, '.cache', `bench-${randomUUID().slice(0, 8)}`);
const persistDir = mkdtempSync(join(tmpdir(), 'ferry-fault-memory-'));
const cloud = await startLocalCloud({
  port: 0,
  outdir,
  persistDir,
  log: () => {},
  logSink: () => {},
  environmentOverrides: { Payment: { FERRY_BACKOFF_BASE_SECONDS: '0', FERRY_BACKOFF_CAP_SECONDS: '1' } },
  ...(NO_FAULTS ? {} : { faults: PLAN }),
});
const shop = shopClient(cloud.url);
const sku = `mem-${randomUUID().slice(0, 8)}`;
const orders: string[] = [];
const statuses = new Map<number, number>();

/** Sockets, timers and other handles of this process, by kind: what a leak would pile up. */
function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Live execution environments per function (short names), by state. */
function liveEnvironments(): Record<string, Record<string, number>> {
  return Object.fromEntries(
    [...cloud.functions.values()]
      .map((fn) => {
        const states: Record<string, number> = {};
        for (const { state } of fn.environments()) states[state] = (states[state] ?? 0) + 1;
        return [fn.functionName.split('-')[1] ?? fn.functionName, states] as const;
      })
      .filter(([, states]) => Object.keys(states).length > 0),
  );
}

async function placeOne(): Promise<void> {
  const placed = await shop.placeOrder(
    { customerId: `c-${orders.length % 20}`, items: [{ sku, quantity: 1 }], paymentToken: 'tok_ok' },
    randomUUID(),
  );
  statuses.set(placed.status, (statuses.get(placed.status) ?? 0) + 1);
  if (placed.status === 202) orders.push(String(placed.body.orderId));
}

try {
  await shop.setStock(sku, 1_000_000);
  for (let i = 0; i < 5; i++) await placeOne().catch(() => undefined);
  const start = memory();
  const startHandles = openHandles();
  const began = Date.now();
  let failedPosts = 0;
  while (Date.now() - began < SECONDS * 1000) {
    await Promise.all(Array.from({ length: 4 }, () => placeOne().catch(() => void failedPosts++)));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const underFaults = memory();
  const environmentsUnderFaults = liveEnvironments();
  cloud.faults.pause();
  const drainBegan = Date.now();
  const drainDeadline = Date.now() + 180_000;
  let unsettled = orders;
  while (unsettled.length > 0 && Date.now() < drainDeadline) {
    const states = await Promise.all(
      unsettled.map(async (id) => [id, (await shop.order(id)).body.status] as const),
    );
    unsettled = states
      .filter(([, status]) => status !== 'CONFIRMED' && status !== 'REJECTED')
      .map(([id]) => id);
    if (unsettled.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const end = memory();
  console.log(
    JSON.stringify(
      {
        seconds: SECONDS,
        seed: SEED,
        orders: orders.length,
        failedPosts,
        answers: Object.fromEntries(statuses),
        unsettledAfterDrain: unsettled.length,
        drainSeconds: Math.round((Date.now() - drainBegan) / 1000),
        faults: cloud.faults.counts(),
        memory: { start, underFaults, afterDrain: end },
        liveEnvironments: { underFaults: environmentsUnderFaults, afterDrain: liveEnvironments() },
        openHandles: { start: startHandles, afterDrain: openHandles() },
      },
      null,
      2,
    ),
  );
} finally {
  await cloud.stop();
  rmSync(outdir, { recursive: true, force: true });
  rmSync(persistDir, { recursive: true, force: true });
}
