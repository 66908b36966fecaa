import { describe, expect, it } from 'vitest';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../../../runtime/config.ts';
import { backoffDelaySeconds } from '../../../runtime/sqs/backoff.ts';

/** A small seeded generator (mulberry32) so the property checks are repeatable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('backoffDelaySeconds', () => {
  it('stays within [0, min(cap, base * 2^(receiveCount - 1))] for any receive count', () => {
    const random = seeded(42);
    for (let trial = 0; trial < 20_000; trial += 1) {
      const receiveCount = 1 + Math.floor(random() * 40);
      const baseSeconds = Math.floor(random() * 30);
      const capSeconds = baseSeconds + Math.floor(random() * 5_000);

      const delay = backoffDelaySeconds({ receiveCount, baseSeconds, capSeconds, inFlightMillis: 0, random });

      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(capSeconds, baseSeconds * 2 ** (receiveCount - 1)));
    }
  });

  it('keeps time in flight plus the delay within 12 hours for any in-flight time below it', () => {
    const random = seeded(7);
    for (let trial = 0; trial < 20_000; trial += 1) {
      const inFlightMillis = Math.floor(random() * MAX_VISIBILITY_TIMEOUT_SECONDS * 1000);

      const delay = backoffDelaySeconds({
        receiveCount: 1 + Math.floor(random() * 100),
        baseSeconds: 60,
        capSeconds: MAX_VISIBILITY_TIMEOUT_SECONDS,
        inFlightMillis,
        random,
      });

      expect(delay).toBeGreaterThanOrEqual(0);
      expect(inFlightMillis / 1000 + delay).toBeLessThanOrEqual(MAX_VISIBILITY_TIMEOUT_SECONDS);
    }
  });

  it('reaches the full ceiling when the random draw is at its top', () => {
    const delay = backoffDelaySeconds({
      receiveCount: 3,
      baseSeconds: 5,
      capSeconds: 900,
      inFlightMillis: 0,
      random: () => 0.999_999_9,
    });

    expect(delay).toBe(20);
  });

  it('returns 0 when the random draw is 0', () => {
    const delay = backoffDelaySeconds({
      receiveCount: 9,
      baseSeconds: 5,
      capSeconds: 900,
      inFlightMillis: 0,
      random: () => 0,
    });

    expect(delay).toBe(0);
  });

  it('uses the cap once the exponential passes it, even for huge receive counts', () => {
    const delay = backoffDelaySeconds({
      receiveCount: 5_000,
      baseSeconds: 1,
      capSeconds: 300,
      inFlightMillis: 0,
      random: () => 0.999_999_9,
    });

    expect(delay).toBe(300);
  });

  it('returns 0 when the message has been in flight for 12 hours already', () => {
    const delay = backoffDelaySeconds({
      receiveCount: 2,
      baseSeconds: 100,
      capSeconds: 900,
      inFlightMillis: 13 * 3_600_000,
      random: () => 0.9,
    });

    expect(delay).toBe(0);
  });

  it('draws from Math.random when no source is given', () => {
    const delays = new Set<number>();
    for (let trial = 0; trial < 200; trial += 1) {
      delays.add(
        backoffDelaySeconds({ receiveCount: 10, baseSeconds: 10, capSeconds: 900, inFlightMillis: 0 }),
      );
    }

    expect(delays.size).toBeGreaterThan(10);
  });
});
