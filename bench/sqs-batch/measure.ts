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
