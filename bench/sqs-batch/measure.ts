import type { SQSEvent } from 'aws-lambda';
import type { BatchImplementation, RecordHandler } from './implementations.ts';

/** How many batches each implementation runs untimed, then timed. */
export interface Rounds {
  readonly warmup: number;
  readonly iterations: number;
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values: run at least one iteration.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** A median with a distribution-free confidence interval (see {@link medianInterval}). */
export interface MedianInterval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The median of `values` and its confidence interval from order statistics (the sign-test
 * interval): with n values sorted, [x(k), x(n+1-k)] holds the true median with probability at
 * least `level`, k being the largest rank with P(Binomial(n, 1/2) < k) <= (1 - level) / 2. No
 * assumption on the distribution, which suits timings (skewed, with outliers) and needs no random
 * resampling. With fewer than 6 values no 95% interval exists; the range is returned.
 * @see https://www.itl.nist.gov/div898/handbook/prc/section2/prc252.htm
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const tail = (1 - level) / 2;
  // P(Binomial(n, 1/2) = i), summed while the lower tail stays within `tail`.
  let probability = 0.5 ** n;
  let cumulative = 0;
  let k = 0;
  for (let i = 0; i < n; i += 1) {
    if (cumulative + probability > tail) break;
    cumulative += probability;
    k = i + 1;
    probability = (probability * (n - i)) / (i + 1);
  }
  const lowIndex = Math.max(k - 1, 0);
  return {
    median: median(sorted),
    low: sorted[lowIndex] as number,
    high: sorted[n - 1 - lowIndex] as number,
  };
}

async function runChecked(
  implementation: BatchImplementation,
  event: SQSEvent,
  handler: RecordHandler,
): Promise<void> {
  const response = await implementation.run(event, handler);
  if (response.batchItemFailures.length > 0) {
    throw new Error(
      `${implementation.name} reported ${response.batchItemFailures.length} failures in a case without failures; the benchmark is broken, fix it before reading any number.`,
    );
  }
}

/**
 * Median wall time of one batch (milliseconds) for each implementation. Rounds interleave the
 * implementations, starting with a different one each round, so drift (GC, JIT, CPU frequency)
 * lands on all of them alike instead of on whichever ran last.
 */
export async function medianBatchMillis(
  implementations: readonly BatchImplementation[],
  event: SQSEvent,
  handler: RecordHandler,
  rounds: Rounds,
): Promise<Map<string, number>> {
  const samples = implementations.map((): number[] => []);
  const count = implementations.length;
  for (let round = 0; round < rounds.warmup + rounds.iterations; round += 1) {
    for (let offset = 0; offset < count; offset += 1) {
      const index = (round + offset) % count;
      const implementation = implementations[index] as BatchImplementation;
      const started = performance.now();
      await runChecked(implementation, event, handler);
      const elapsed = performance.now() - started;
      if (round >= rounds.warmup) (samples[index] as number[]).push(elapsed);
    }
  }
  return new Map(
    implementations.map((implementation, index) => [implementation.name, median(samples[index] ?? [])]),
  );
}
