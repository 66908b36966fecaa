import { ENV, type OutboxRoutes } from '../contract.ts';
import { ConfigurationError } from '../errors.ts';
import { parseRoutes } from './routes.ts';

/** Where and how the writer stores events. */
export interface OutboxWriterConfig {
  /** The dedicated outbox table, or the business table when events live beside business items. */
  readonly tableName: string;
  /** How long events stay for replay before TTL may remove them, in seconds. */
  readonly ttlSeconds: number;
  /**
   * Put before the sequence in event sort keys (and before `counter`): `''` in a dedicated outbox
   * table; something like `outbox#` in a business table, so outbox items never collide with
   * business items of the same partition.
   */
  readonly sortKeyPrefix: string;
}

/**
 * Default TTL of outbox events: 7 days. The stream keeps records 24 hours; the table keeps the
 * events for replay well after an incident is over. TTL removal is lazy (a day or two late), so
 * replay never relies on an event being gone.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 */
export const DEFAULT_OUTBOX_TTL_SECONDS = 604_800;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The writer's settings: `options` first, then `FERRY_OUTBOX_TABLE` and `FERRY_OUTBOX_TTL_SECONDS`.
 * Throws a {@link ConfigurationError} naming the variable when the table is unknown or the TTL invalid.
 */
export function readOutboxWriterConfig(
  options: Partial<OutboxWriterConfig> = {},
  env: Env = process.env,
): OutboxWriterConfig {
  const tableName = options.tableName ?? env[ENV.outboxTable]?.trim();
  if (!tableName) {
    throw new ConfigurationError(
      `No outbox table: pass tableName or set ${ENV.outboxTable} (the TransactionalOutbox construct sets it on producers it grants).`,
    );
  }
  const rawTtl = env[ENV.outboxTtlSeconds]?.trim();
  const ttlSeconds = options.ttlSeconds ?? (rawTtl ? Number(rawTtl) : DEFAULT_OUTBOX_TTL_SECONDS);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new ConfigurationError(
      `${ENV.outboxTtlSeconds} must be a whole number of seconds of at least 1, got '${rawTtl ?? ttlSeconds}'. Fix the option or the function's environment.`,
    );
  }
  return { tableName, ttlSeconds, sortKeyPrefix: options.sortKeyPrefix ?? '' };
}

/** What the relay needs from its environment. */
export interface RelayConfig {
  readonly routes: OutboxRoutes;
  readonly deadLetterQueueUrl: string;
}

/**
 * Reads `FERRY_OUTBOX_ROUTES` (JSON routes) and `FERRY_RELAY_DLQ_URL`. Throws a
 * {@link ConfigurationError} naming the variable when one is missing or invalid.
 */
export function readRelayConfig(env: Env = process.env): RelayConfig {
  const raw = env[ENV.outboxRoutes];
  if (!raw?.trim()) {
    throw new ConfigurationError(
      `${ENV.outboxRoutes} is not set; set it to JSON routes (event type to targets), as the TransactionalOutbox construct does.`,
    );
  }
  return { routes: parseRoutes(raw), deadLetterQueueUrl: readDeadLetterQueueUrl(env) };
}

/** Reads `FERRY_RELAY_DLQ_URL`, the queue poison events are parked in. */
export function readDeadLetterQueueUrl(env: Env = process.env): string {
  const url = env[ENV.relayDeadLetterQueueUrl]?.trim();
  if (!url) {
    throw new ConfigurationError(
      `${ENV.relayDeadLetterQueueUrl} is not set; set it to the relay DLQ's URL, where events that can never be published are parked.`,
    );
  }
  return url;
}
