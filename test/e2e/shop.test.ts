import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { shopAssemblyDir } from '../support/shop-assembly.ts';
import {
  floodRoutineLane,
  routineBacklog,
  shopQueueUrl,
  waitForUrgentNotification,
} from './routine-flood.ts';
import { shopClient } from './shop-client.ts';

/**
 * The shop end to end, over HTTP only. By default it starts the local cloud from the CDK app;
 * with SHOP_API_URL set (a LocalStack or AWS deployment's ApiUrl output) it runs against that.
 */
let cloud: LocalCloud | undefined;
let shop: ReturnType<typeof shopClient>;

beforeAll(async () => {
  const deployed = process.env.SHOP_API_URL;
  if (!deployed) {
    cloud = await startLocalCloud({
      port: 0,
      assemblyDir: await shopAssemblyDir(),
      // Retries in seconds, not minutes, so tok_down reaches the DLQ within the test.
      environmentOverrides: { Payment: { FERRY_BACKOFF_BASE_SECONDS: '0', FERRY_BACKOFF_CAP_SECONDS: '1' } },
      log: () => {},
      logSink: () => {},
    });
  }
  shop = shopClient(deployed ?? cloud?.url ?? '');
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
}, 30_000);

const TOKENS = ['tok_ok', 'tok_decline', 'tok_flaky_2', 'tok_down'] as const;
const FINAL = new Set(['CONFIRMED', 'REJECTED']);

describe('the shop through its HTTP API', () => {
  it('keeps stock, charges and notifications consistent over orders with every payment token', async () => {
    const skus = [`sku-${randomUUID().slice(0, 8)}`, `sku-${randomUUID().slice(0, 8)}`];
    for (const sku of skus) expect((await shop.setStock(sku, 100)).status).toBe(200);
    const placed: { orderId: string; token: string; customerId: string; quantity: number; sku: string }[] =
      [];
    for (let n = 0; n < 24; n++) {
      const token = TOKENS[n % TOKENS.length] ?? 'tok_ok';
      const sku = skus[n % 2] ?? '';
      const quantity = 1 + (n % 3);
      const customerId = `c-${n % 4}-${skus[0]}`;
      const key = randomUUID();
      const body = { customerId, items: [{ sku, quantity }], paymentToken: token };
      const first = await shop.placeOrder(body, key);
      const replay = await shop.placeOrder(body, key);
      expect(first.status).toBe(202);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.orderId).toBe(first.body.orderId);
      placed.push({ orderId: String(first.body.orderId), token, customerId, quantity, sku });
    }

    const deadline = Date.now() + 90_000;
    let orders = new Map<string, Record<string, unknown>>();
    while (Date.now() < deadline) {
      orders = new Map(
        await Promise.all(placed.map(async (p) => [p.orderId, (await shop.order(p.orderId)).body] as const)),
      );
      const unsettled = placed.filter(
        (p) => p.token !== 'tok_down' && !FINAL.has(String(orders.get(p.orderId)?.status)),
      );
      if (unsettled.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    for (const p of placed) {
      const status = orders.get(p.orderId)?.status;
      if (p.token === 'tok_ok' || p.token === 'tok_flaky_2') expect(status).toBe('CONFIRMED');
      if (p.token === 'tok_decline')
        expect(orders.get(p.orderId)).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
      if (p.token === 'tok_down') expect(status).toBe('PENDING');
      const ledger = (await shop.payment(p.orderId)).body;
      expect(Number(ledger.charges)).toBe(status === 'CONFIRMED' ? 1 : 0);
    }
    for (const sku of skus) {
      const confirmed = placed.filter((p) => p.sku === sku && orders.get(p.orderId)?.status === 'CONFIRMED');
      const pendingDown = placed.filter((p) => p.sku === sku && p.token === 'tok_down');
      const taken = [...confirmed, ...pendingDown].reduce((sum, p) => sum + p.quantity, 0);
      // tok_down orders keep their reservation while they wait in the DLQ for a redrive.
      expect((await shop.stock(sku)).body.available).toBe(100 - taken);
    }
    const customers = [...new Set(placed.map((p) => p.customerId))];
    const final = placed.filter((p) => FINAL.has(String(orders.get(p.orderId)?.status)));
    const urgentOrders = async () => {
      const inboxes = await Promise.all(
        customers.map(
          async (c) => (await shop.notifications(c)).body.items as { kind: string; orderId?: string }[],
        ),
      );
      return inboxes
        .flat()
        .filter((n) => n.kind.startsWith('order-'))
        .map((n) => n.orderId)
        .sort();
    };
    // Notifications travel on their own lane after the outcome: give them a moment.
    let urgent = await urgentOrders();
    for (let tries = 0; urgent.length < final.length && tries < 60; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      urgent = await urgentOrders();
    }
    expect(urgent).toEqual(final.map((p) => p.orderId).sort());

    // Exactly one routine activity entry per event: Placed and Reserved for every order, then
    // Confirmed, or Rejected and StockReleased; tok_down stops after Reserved.
    const expectedActivities = (token: string) =>
      ({ tok_ok: 3, tok_flaky_2: 3, tok_decline: 4, tok_down: 2 })[token] ?? 0;
    const activitiesOf = async () => {
      const inboxes = await Promise.all(
        customers.map(
          async (c) =>
            (await shop.notifications(c)).body.items as { kind: string; orderId?: string; eventId: string }[],
        ),
      );
      const counts = new Map<string, number>();
      for (const n of inboxes.flat().filter((item) => item.kind === 'activity'))
        counts.set(n.orderId ?? '', (counts.get(n.orderId ?? '') ?? 0) + 1);
      return placed.map((p) => counts.get(p.orderId) ?? 0);
    };
    let activities = await activitiesOf();
    for (
      let tries = 0;
      activities.some((count, i) => count < expectedActivities(placed[i]?.token ?? '')) && tries < 60;
      tries++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      activities = await activitiesOf();
    }
    expect(activities).toEqual(placed.map((p) => expectedActivities(p.token)));
  }, 150_000);

  it('answers 201 with the final order within Prefer: wait', async () => {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    await shop.setStock(sku, 1);

    const response = await shop.placeOrder(
      { customerId: 'c-wait', items: [{ sku, quantity: 1 }], paymentToken: 'tok_ok' },
      randomUUID(),
      'wait=15',
    );

    expect(response.status).toBe(201);
    expect(response.headers.get('preference-applied')).toBe('wait=15');
    expect(response.body.status).toBe('CONFIRMED');
  }, 30_000);

  it('rejects an order for a SKU never stocked as OUT_OF_STOCK', async () => {
    const response = await shop.placeOrder(
      { customerId: 'c-oos', items: [{ sku: `never-${randomUUID()}`, quantity: 1 }], paymentToken: 'tok_ok' },
      randomUUID(),
      'wait=15',
    );

    expect(response.body).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
  }, 30_000);

  it.each([
    [
      'no Idempotency-Key',
      { customerId: 'c', items: [{ sku: 's', quantity: 1 }], paymentToken: 'tok_ok' },
      {},
      400,
    ],
    ['an invalid body', { customerId: '', items: [] }, { 'idempotency-key': 'k-invalid' }, 400],
    ['invalid JSON', '{"customerId":', { 'idempotency-key': 'k-json' }, 400],
    ['a non-JSON content type', 'x', { 'idempotency-key': 'k-ct', 'content-type': 'text/plain' }, 415],
    ['a body over 64 KiB', JSON.stringify({ pad: 'x'.repeat(70_000) }), { 'idempotency-key': 'k-big' }, 413],
  ])('answers problem details for %s', async (_name, body, headers, status) => {
    const response = await shop.call('POST', '/orders', body, headers as Record<string, string>);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 404 for an unknown order', async () => {
    expect((await shop.order('no-such-order')).status).toBe(404);
  });
});

// Needs the emulators' queues, so it runs against the local cloud only.
describe.runIf(!process.env.SHOP_API_URL)('priority lanes of the shop', () => {
  it('delivers urgent notifications while a routine flood is still queued, then drains the flood', async () => {
    const local = cloud;
    if (!local) throw new Error('the local cloud did not start');
    const routineUrl = shopQueueUrl(local, 'NotificationsRoutineQueue');
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    await shop.setStock(sku, 100);
    const users = `flood-${randomUUID().slice(0, 8)}`;
    const FLOOD = 3000;
    await floodRoutineLane(routineUrl, FLOOD, users);

    const backlogAtArrival = await Promise.all(
      [0, 1, 2].map(async (n) => {
        const customerId = `urgent-${n}-${sku}`;
        const body = { customerId, items: [{ sku, quantity: 1 }], paymentToken: 'tok_ok' };
        expect((await shop.placeOrder(body, randomUUID())).status).toBe(202);
        await waitForUrgentNotification(shop, customerId, 60_000);
        return routineBacklog(routineUrl);
      }),
    );
    const deadline = Date.now() + 180_000;
    while ((await routineBacklog(routineUrl)) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 500));

    // A shared queue would have served the urgent events after the flood ahead of them.
    for (const backlog of backlogAtArrival) expect(backlog).toBeGreaterThan(0);
    expect(await routineBacklog(routineUrl)).toBe(0);
    for (const n of [0, FLOOD - 1]) {
      const inbox = (await shop.notifications(`${users}-${n}`)).body.items as { kind: string }[];
      expect(inbox.map((item) => item.kind).sort()).toEqual(['activity', 'welcome']);
    }
  }, 300_000);
});
