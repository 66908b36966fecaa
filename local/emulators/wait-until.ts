import { setTimeout as sleep } from 'node:timers/promises';

/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** Give up after this long. */
  readonly timeoutMillis: number;
  /** Pause between attempts. */
  readonly intervalMillis?: number;
  /** Checked before each attempt: a reason to stop waiting at once (e.g. the process exited). */
  readonly abortReason?: () => string | undefined;
}

/**
 * Calls `probe` until it resolves, and returns its value. Rejects with the last error when the
 * time is up, or at once when `abortReason` names one.
 */
export async function waitUntil<T>(probe: () => Promise<T>, options: WaitUntilOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMillis;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortReason?.();
    if (aborted) throw new Error(aborted, { cause: lastError });
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`not ready after ${options.timeoutMillis} ms`, { cause: lastError });
    }
    await sleep(options.intervalMillis ?? 100);
  }
}
