import { setTimeout as delay } from 'node:timers/promises';
import type { DynamoDbLocal } from '../emulators/index.ts';

/** Options of {@link startDynamoDbRestarter}. */
export interface DynamoDbRestarterOptions {
  readonly dynamodb: DynamoDbLocal;
  readonly everySeconds: number;
  /** Asked before each restart: false skips it (faults paused). */
  readonly shouldRestart: () => boolean;
  /** Told after each restart began. */
  readonly onRestart: () => void;
  readonly log: (line: string) => void;
}

/**
 * Restarts DynamoDB Local every `everySeconds` (counted from the end of the previous restart), as
 * long as the local cloud runs. `stop()` waits for a restart under way, so the emulator is never
 * left half started.
 */
export function startDynamoDbRestarter(options: DynamoDbRestarterOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      const waited = await delay(options.everySeconds * 1000, true, { signal: abort.signal }).catch(
        () => false,
      );
      if (!waited || !options.shouldRestart()) continue;
      options.onRestart();
      const started = performance.now();
      try {
        await options.dynamodb.restart();
        options.log(`faults: DynamoDB Local restarted in ${Math.round(performance.now() - started)} ms`);
      } catch (error) {
        options.log(`faults: DynamoDB Local restart failed: ${(error as Error).message}`);
      }
    }
  })();
  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}
