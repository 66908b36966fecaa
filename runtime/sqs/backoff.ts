import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../config.ts';

/** Allowance for the clock difference between SQS's timestamps and this function's clock, in seconds. */
const CLOCK_SKEW_SECONDS = 30;

/** Input of {@link backoffDelaySeconds}. */
export interface BackoffInput {
  /** `ApproximateReceiveCount` of the message: 1 on its first delivery. */
  readonly receiveCount: number;
  readonly baseSeconds: number;
  readonly capSeconds: number;
  /**
   * How long the message has been in flight since the receive that delivered it (an upper bound
   * when unknown), in milliseconds. The delay is cut so that this plus the delay stays within
   * the 12-hour visibility limit.
   */
  readonly inFlightMillis: number;
  /** A source of numbers in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/**
 * "Full jitter" exponential backoff for a message that failed: a whole number of seconds drawn
 * uniformly from [0, min(cap, base * 2^attempt)], with attempt = receive count - 1 (so the first
 * failure waits at most `base`). Spreading retries at random avoids retry storms against a
 * struggling dependency.
 *
 * SQS rejects a visibility change that would keep the message in flight longer than 12 hours in
 * total, counted from the receive that delivered it, so the delay is also cut to what remains of
 * those 12 hours (less a small clock-skew allowance).
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
export function backoffDelaySeconds(input: BackoffInput): number {
  const attempt = Math.max(0, Math.floor(input.receiveCount) - 1);
  const ceiling = Math.floor(Math.min(input.capSeconds, input.baseSeconds * 2 ** attempt));
  const random = input.random ?? Math.random;
  const delay = Math.floor(random() * (ceiling + 1));
  return Math.max(0, Math.min(delay, remainingVisibilitySeconds(input.inFlightMillis)));
}

/**
 * The longest visibility timeout a message in flight for `inFlightMillis` may still be given: SQS
 * keeps a message in flight at most 12 hours from the receive that delivered it (less a small
 * clock-skew allowance).
 */
export function remainingVisibilitySeconds(inFlightMillis: number): number {
  return Math.max(
    0,
    MAX_VISIBILITY_TIMEOUT_SECONDS - Math.ceil(Math.max(0, inFlightMillis) / 1000) - CLOCK_SKEW_SECONDS,
  );
}
