import { ENV } from './contract.ts';
import { ConfigurationError } from './errors.ts';

/**
 * The largest visibility timeout SQS accepts, in seconds (12 hours).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** Consumer settings, as read from the environment by {@link readConsumerConfig}. */
export interface ConsumerConfig {
  /** Where permanent failures go. Undefined: none, so they are reported failed instead. */
  readonly deadLetterQueueUrl: string | undefined;
  readonly backoffBaseSeconds: number;
  readonly backoffCapSeconds: number;
  readonly maxConcurrency: number;
  readonly timeMarginMillis: number;
  /** Idempotency table. Undefined: idempotency is off unless the code configures it. */
  readonly idempotencyTable: string | undefined;
  readonly idempotencyTtlSeconds: number;
}

/**
 * Defaults used when neither an option nor an environment variable says otherwise.
 *
 * `idempotencyTtlSeconds` is 14 days: the longest an SQS queue retains a message, so a late
 * duplicate copy of a completed message still finds its record. Set it to at least the source
 * queue's retention period; a longer value only costs storage.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 */
export const CONSUMER_DEFAULTS = {
  backoffBaseSeconds: 2,
  backoffCapSeconds: 900,
  maxConcurrency: 100,
  timeMarginMillis: 1_000,
  idempotencyTtlSeconds: 1_209_600,
} as const;

function readNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got '${raw}'. Fix the variable in the function's environment.`,
    );
  }
  return value;
}

function readString(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/**
 * Reads the consumer's settings from the environment variables named in {@link ENV}, applying
 * {@link CONSUMER_DEFAULTS} to the missing ones. Throws a {@link ConfigurationError} naming the
 * variable and the value when one is out of range.
 */
export function readConsumerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConsumerConfig {
  const backoffBaseSeconds = readNumber(
    env,
    ENV.backoffBaseSeconds,
    CONSUMER_DEFAULTS.backoffBaseSeconds,
    0,
    MAX_VISIBILITY_TIMEOUT_SECONDS,
    false,
  );
  const backoffCapSeconds = readNumber(
    env,
    ENV.backoffCapSeconds,
    Math.max(CONSUMER_DEFAULTS.backoffCapSeconds, backoffBaseSeconds),
    backoffBaseSeconds,
    MAX_VISIBILITY_TIMEOUT_SECONDS,
    false,
  );
  return {
    deadLetterQueueUrl: readString(env, ENV.deadLetterQueueUrl),
    backoffBaseSeconds,
    backoffCapSeconds,
    maxConcurrency: readNumber(env, ENV.maxConcurrency, CONSUMER_DEFAULTS.maxConcurrency, 1, 10_000, true),
    timeMarginMillis: readNumber(
      env,
      ENV.timeMarginMillis,
      CONSUMER_DEFAULTS.timeMarginMillis,
      0,
      900_000,
      true,
    ),
    idempotencyTable: readString(env, ENV.idempotencyTable),
    idempotencyTtlSeconds: readNumber(
      env,
      ENV.idempotencyTtlSeconds,
      CONSUMER_DEFAULTS.idempotencyTtlSeconds,
      1,
      Number.MAX_SAFE_INTEGER,
      true,
    ),
  };
}
