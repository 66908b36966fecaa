import { describe, expect, it } from 'vitest';
import { medianInterval } from '../../bench/sqs-batch/measure.ts';

describe('medianInterval (sign-test interval of the median)', () => {
  it('takes the ranks of the published table: 10th and 21st of 30, 22nd and 39th of 60', () => {
    const thirty = Array.from({ length: 30 }, (_, index) => index + 1);
    expect(medianInterval(thirty)).toEqual({ median: 15.5, low: 10, high: 21 });
    const sixty = Array.from({ length: 60 }, (_, index) => 60 - index);
    expect(medianInterval(sixty)).toMatchObject({ low: 22, high: 39 });
  });

  it('returns the whole range when too few values exist for the level', () => {
    expect(medianInterval([3, 1, 2])).toEqual({ median: 2, low: 1, high: 3 });
  });

  it('covers the true median of a skewed distribution about 95% of the time', () => {
    // Exponential samples, median ln 2; a fixed linear congruential stream keeps the test exact.
    let state = 12345;
    const uniform = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return (state + 0.5) / 2 ** 32;
    };
    let covered = 0;
    const trials = 2_000;
    for (let trial = 0; trial < trials; trial += 1) {
      const sample = Array.from({ length: 40 }, () => -Math.log(uniform()));
      const { low, high } = medianInterval(sample);
      if (low <= Math.LN2 && Math.LN2 <= high) covered += 1;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.93);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
  });
});
