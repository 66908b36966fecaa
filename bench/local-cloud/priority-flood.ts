// Priority lanes under a flood: the time from POST /orders to the customer's urgent
// `order-confirmed` notification, with the routine lane idle and with thousands of routine
// messages queued, and how long the routine backlog takes to drain.
// Run: node bench/local-cloud/priority-flood.ts   (BENCH_FLOOD=N, default 3000; BENCH_PROBES=N, default 20)
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud } from '../../local/cloud/local-cloud.ts';
import {
  floodRoutineLane,
  routineBacklog,
  shopQueueUrl,
  waitForUrgentNotification,
} from '../../test/e2e/routine-flood.ts';
import { shopClient } from '../../test/e2e/shop-client.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FLOOD = Number(process.env.BENCH_FLOOD ?? 3000);
const PROBES = Number(process.env.BENCH_PROBES ?? 20);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const outdir = join(ROOT, '.cache', `bench-${randomUUID().slice(0, 8)}`);
const cloud = await startLocalCloud({ port: 0, outdir, log: () => {}, logSink: () => {} });
const shop = shopClient(cloud.url);
const routineUrl = shopQueueUrl(cloud, 'NotificationsRoutineQueue');
const sku = `bench-${randomUUID().slice(0, 8)}`;

/** POST /orders, then wait for its urgent notification; milliseconds from request to notification. */
async function urgentProbe(): Promise<number> {
  const customerId = `urgent-${randomUUID().slice(0, 8)}`;
  const begin = performance.now();
  const placed = await shop.placeOrder(
    { customerId, items: [{ sku, quantity: 1 }], paymentToken: 'tok_ok' },
    randomUUID(),
  );
  if (placed.status !== 202) throw new Error(`POST /orders answered ${placed.status}`);
  await waitForUrgentNotification(shop, customerId, 120_000);
  return performance.now() - begin;
}

async function probes(): Promise<{ millis: number[]; backlogAtArrival: number[] }> {
  const millis: number[] = [];
  const backlogAtArrival: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    millis.push(await urgentProbe());
    backlogAtArrival.push(await routineBacklog(routineUrl));
  }
  return { millis, backlogAtArrival };
}

try {
  await shop.setStock(sku, 1_000_000);
  for (let i = 0; i < 3; i++) await urgentProbe(); // warm the pipeline's functions
  const idle = await probes();
  const floodStart = performance.now();
  await floodRoutineLane(routineUrl, FLOOD);
  const flooded = await probes();
  while ((await routineBacklog(routineUrl)) > 0) {
    if (performance.now() - floodStart > 600_000)
      throw new Error('the routine backlog did not drain in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const drainSeconds = (performance.now() - floodStart) / 1000;
  const p99Idle = percentile(idle.millis, 99);
  const p99Flooded = percentile(flooded.millis, 99);
  console.log(`| measure | value |
|---|---:|
| urgent notification, routine lane idle: p50 / p99 (${PROBES} orders) | ${percentile(idle.millis, 50).toFixed(0)} / ${p99Idle.toFixed(0)} ms |
| urgent notification, ${FLOOD.toLocaleString('en-US')} routine messages queued: p50 / p99 | ${percentile(flooded.millis, 50).toFixed(0)} / ${p99Flooded.toFixed(0)} ms |
| p99 ratio flooded / idle (goal <= 2) | ${(p99Flooded / p99Idle).toFixed(2)} |
| routine backlog when each flooded probe's notification arrived: min / max | ${Math.min(...flooded.backlogAtArrival)} / ${Math.max(...flooded.backlogAtArrival)} |
| routine backlog drained (flood sent, then drained) | ${drainSeconds.toFixed(1)} s |`);
} finally {
  await cloud.stop();
  rmSync(outdir, { recursive: true, force: true });
}
