import { describe, expect, it } from 'vitest';
import { eventBridgeEntryBytes, messageBytes } from '../../../runtime/producer/limits.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMillis } from '../../../runtime/producer/retry-policy.ts';

describe('messageBytes', () => {
  it('counts the UTF-8 body and each attribute name, type and value', () => {
    expect(messageBytes('héllo', { k: 'vv' })).toBe(6 + 1 + 6 + 2);
  });
});

describe('eventBridgeEntryBytes', () => {
  it('counts 14 bytes for Time plus source, detail type, detail and resources', () => {
    const size = eventBridgeEntryBytes({
      source: 'abc',
      detailType: 'de',
      detail: '{}',
      time: new Date(0),
      resources: ['r1', 'r22'],
    });

    expect(size).toBe(14 + 3 + 2 + 2 + 2 + 3);
  });
});

describe('retryDelayMillis', () => {
  it('stays within [0, min(max, base * 2^(retry - 1))] for every retry', () => {
    const randoms = [0, 0.25, 0.5, 0.999999];

    for (let retry = 1; retry <= 10; retry += 1) {
      const ceiling = Math.min(
        DEFAULT_RETRY_POLICY.maxDelayMillis,
        DEFAULT_RETRY_POLICY.baseDelayMillis * 2 ** (retry - 1),
      );
      for (const value of randoms) {
        const delay = retryDelayMillis(DEFAULT_RETRY_POLICY, retry, () => value);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('reaches the ceiling when the random draw is at its top', () => {
    expect(
      retryDelayMillis({ attempts: 3, baseDelayMillis: 100, maxDelayMillis: 150 }, 2, () => 0.999999),
    ).toBe(150);
  });
});
