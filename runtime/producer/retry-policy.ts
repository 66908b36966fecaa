/** How failed batch entries are retried. */
export interface RetryPolicy {
  /** Attempts per entry, the first send included. */
  readonly attempts: number;
  /** Ceiling of the first retry's delay; doubles each retry. */
  readonly baseDelayMillis: number;
  /** Ceiling of any one delay. */
  readonly maxDelayMillis: number;
}

/**
 * Defaults: 4 attempts with full-jitter delays under 50, 100 and 200 ms. The SDK already retries
 * a whole call that is throttled or fails on the network (3 attempts by default); these retries
 * are for the entries a successful call reports as `Failed`, which the SDK leaves to the caller.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMillis: 50,
  maxDelayMillis: 1_000,
};

/**
 * "Full jitter" delay before retry number `retry` (1 for the first retry): a random value in
 * [0, min(max, base * 2^(retry - 1))], so that many callers retrying at once spread out.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelayMillis(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMillis, policy.baseDelayMillis * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * (ceiling + 1));
}

/** Waits `millis` milliseconds. */
export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
