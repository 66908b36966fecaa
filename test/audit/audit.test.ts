import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../audit/options.ts';
import { runAudit } from '../../audit/run-audit.ts';
import type { FaultCounts } from '../../local/faults/index.ts';
import { shopAssemblyDir } from '../support/shop-assembly.ts';

/**
 * The reliability audit in small: the shop in the local cloud, a few hundred orders over HTTP with
 * every fault on (killed environments, lost acks, timeouts, AWS errors, DynamoDB Local restarts),
 * drained and checked. Nothing may be lost or applied twice, and the drain must finish in time.
 */
describe('the reliability audit', () => {
  it('finds no violation under every fault, and drains in bounded time', async () => {
    const report = await runAudit({
      assemblyDir: await shopAssemblyDir(),
      orders: 100,
      concurrency: 6,
      seed: 9,
      faults: [...FAULT_KINDS],
      rates: { killBeforeEffect: 0.08, lostAck: 0.08, timeout: 0.04, sdkErrorRate: 0.03 },
      dynamoRestartEverySeconds: 20,
      faultTailSeconds: 35,
      ratePerSecond: 4,
      drainTimeoutSeconds: 150,
      timeScale: 0.2,
      backoffCapSeconds: 16,
      log: () => {},
    });
    expect(report.violations).toEqual([]);
    expect(report.drain.drained).toBe(true);
    expect(report.traffic.ordersAccepted).toBe(100);
    const injected = report.faultsInjected as FaultCounts;
    // Every kind of fault was injected while the pipeline worked (faults stay on 35 s after the
    // last order), and DynamoDB Local was restarted at least once.
    const info = JSON.stringify(injected);
    expect(injected.killBeforeEffect + injected.lostAck + injected.timeout, info).toBeGreaterThan(0);
    expect(injected.sdkErrors, info).toBeGreaterThan(0);
    expect(injected.dynamoRestarts, info).toBeGreaterThan(0);
    // Every token was met: tok_down ends in the payments DLQ, the others reach a final state.
    expect(report.outcomes['PENDING/IN_DLQ']).toBeGreaterThan(0);
    expect(report.outcomes.CONFIRMED).toBeGreaterThan(0);
    expect(report.outcomes['REJECTED/PAYMENT_DECLINED']).toBeGreaterThan(0);
  }, 400_000);
});
