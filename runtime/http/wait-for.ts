import { setTimeout as sleep } from 'node:timers/promises';

/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long, in milliseconds. */
  readonly timeoutMillis: number;
  /**
   * First pause between reads; it doubles up to `maxIntervalMillis`.
   * @default 100
   */
  readonly intervalMillis?: number;
  /** @default 1_000 */
  readonly maxIntervalMillis?: number;
  /** Stops early (e.g. when the Lambda invocation is about to time out). */
  readonly signal?: AbortSignal;
}

/**
 * Reads `read()` until `isFinal` accepts its value or the time is up (RFC 7240 `Prefer: wait`).
 * Returns the last value read, final or not, so the caller can answer 201 or 202.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  isFinal: (value: T) => boolean,
  options: WaitForOptions,
): Promise<{ readonly value: T; readonly final: boolean }> {
  const deadline = Date.now() + options.timeoutMillis;
  let interval = options.intervalMillis ?? 100;
  for (;;) {
    const value = await read();
    if (isFinal(value)) return { value, final: true };
    const left = deadline - Date.now();
    if (left <= 0 || options.signal?.aborted) return { value, final: false };
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, options.maxIntervalMillis ?? 1_000);
  }
}
