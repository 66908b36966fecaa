import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../runtime/http/wait-for.ts';

describe('waitFor', () => {
  it('returns the first final value', async () => {
    let reads = 0;

    const outcome = await waitFor(
      async () => ++reads,
      (n) => n >= 3,
      { timeoutMillis: 5_000, intervalMillis: 1 },
    );

    expect(outcome).toEqual({ value: 3, final: true });
  });

  it('returns the last value read, not final, when time runs out', async () => {
    const outcome = await waitFor(
      async () => 'PENDING',
      (status) => status !== 'PENDING',
      { timeoutMillis: 30, intervalMillis: 5 },
    );

    expect(outcome).toEqual({ value: 'PENDING', final: false });
  });

  it('reads once and stops when the signal is already aborted', async () => {
    let reads = 0;

    const outcome = await waitFor(
      async () => ++reads,
      () => false,
      { timeoutMillis: 5_000, signal: AbortSignal.abort() },
    );

    expect(outcome).toEqual({ value: 1, final: false });
  });
});
