import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../local/cloud/local-cloud.ts';
import { shopAssemblyDir } from '../support/shop-assembly.ts';
import { shopClient } from './shop-client.ts';

/**
 * The local dashboard in a real browser (Debian's Chromium) while the shop runs with shortened
 * periods (60 s -> 3 s). With FERRY_DASHBOARD_SCREENSHOT=<path> it also saves a screenshot there.
 */
const PERIOD_SCALE = 0.05;
const DLQ_ALARM = '[data-alarm-name*="PaymentsDeadLetterQueueNotEmpty"]';
let cloud: LocalCloud;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;
let shop: ReturnType<typeof shopClient>;
const logLines: string[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    port: 0,
    assemblyDir: await shopAssemblyDir(),
    metricPeriodScale: PERIOD_SCALE,
    environmentOverrides: { Payment: { FERRY_BACKOFF_BASE_SECONDS: '0', FERRY_BACKOFF_CAP_SECONDS: '1' } },
    log: (line) => logLines.push(line),
    logSink: () => {},
  });
  shop = shopClient(cloud.url);
  userDataDir = mkdtempSync(join(tmpdir(), 'ferry-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  await page.goto(`${cloud.url}/_local/dashboard#${encodeURIComponent(shopDashboard().name)}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
}, 30_000);

function shopDashboard() {
  const dashboard = cloud.observability.dashboards.find((candidate) =>
    candidate.name.startsWith('ferry-shop'),
  );
  if (!dashboard)
    throw new Error('the shop stack has no ferry-shop dashboard; did infra/shop-stack.ts change?');
  return dashboard;
}

async function placeOrders(token: string, count: number): Promise<void> {
  const sku = `sku-${randomUUID().slice(0, 8)}`;
  expect((await shop.setStock(sku, 100)).status).toBe(200);
  for (let n = 0; n < count; n++) {
    const body = { customerId: `c-${n}`, items: [{ sku, quantity: 1 }], paymentToken: token };
    expect((await shop.placeOrder(body, randomUUID())).status).toBe(202);
  }
}

describe('the local dashboard in a browser', () => {
  it('draws the shop dashboard on its grid with live data from orders', async () => {
    await placeOrders('tok_ok', 5);

    const graphWithData = page.locator(
      '[data-widget-type="metric"][data-title="Invocations and errors"]:not([data-points="0"])',
    );
    await graphWithData.first().waitFor({ timeout: 60_000 });

    const expected = shopDashboard().widgets.length;
    expect(await page.locator('#grid > .widget').count()).toBe(expected);
    expect(await page.locator('[data-widget-type="text"] h1').first().textContent()).toBe('ferry-shop');
    expect(await page.locator('[data-widget-type="alarm"] .alarm').count()).toBeGreaterThan(10);
    expect(await page.locator('#banner').textContent()).toContain('shortened 20 times');
    expect(await graphWithData.count()).toBeGreaterThan(0);
  }, 90_000);

  it('shows the payments DLQ alarm going to ALARM after a tok_down order, and publishes its action', async () => {
    const published = cloud.emulators.sqs.server.spy.waitForMessage(
      (message) => message.service === 'sns' && message.body.includes('PaymentsDeadLetterQueueNotEmpty'),
      'published',
      90_000,
    );

    await placeOrders('tok_down', 1);

    await page.locator(`.alarm${DLQ_ALARM}[data-state="ALARM"]`).waitFor({ timeout: 90_000 });
    await page.locator(`#changes li${DLQ_ALARM}[data-state="ALARM"]`).waitFor({ timeout: 5_000 });
    const notification = await published;
    expect(notification.service === 'sns' ? notification.body : '').toContain('"NewStateValue":"ALARM"');
    expect(logLines.some((line) => /PaymentsDeadLetterQueueNotEmpty.*-> ALARM/.test(line))).toBe(true);
    const screenshot = process.env.FERRY_DASHBOARD_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot });
  }, 120_000);
});
