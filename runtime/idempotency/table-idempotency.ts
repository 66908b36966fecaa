import { ConfigurationError } from '../errors.ts';
import { IdempotencyStore } from './idempotency-store.ts';
import { IdempotentRunner } from './idempotent-runner.ts';

/** Idempotency settings of a consumer. */
export interface ConsumerIdempotencyOptions {
  /** Table in the Powertools layout (partition key `id`). @default - FERRY_IDEMPOTENCY_TABLE */
  readonly tableName?: string;
  /**
   * How long a completed event id is remembered. Keep it at least the source queue's retention
   * period: a duplicate copy can arrive as late as that.
   * @default - FERRY_IDEMPOTENCY_TTL_SECONDS, else 14 days (the longest SQS retention)
   */
  readonly expiresAfterSeconds?: number;
  /** @default - the Lambda function name */
  readonly keyPrefix?: string;
  /** A store of your own (sort-key layout, own client). @default - one on `tableName` */
  readonly store?: IdempotencyStore;
}

/** What the consumer knows from its environment when it builds the runner. */
export interface IdempotencyDefaults {
  readonly tableName: string | undefined;
  readonly expiresAfterSeconds: number;
}

/**
 * The idempotency a consumer runs its handlers through. A separate module that a consumer opts
 * into, so consumers without it do not bundle Powertools idempotency and its JMESPath (about 40 KB
 * minified, a third of a minimal consumer).
 */
export interface ConsumerIdempotency {
  /** Builds the runner once per execution environment; throws when no table can be found. */
  createRunner(defaults: IdempotencyDefaults): IdempotentRunner;
}

/**
 * Idempotency by event id on a DynamoDB table in the Powertools layout: the table of
 * FERRY_IDEMPOTENCY_TABLE (set by the `QueueConsumer` construct) unless `tableName` or `store`
 * says otherwise. Pass it as `createSqsConsumer({ idempotency: tableIdempotency(), ... })`.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/
 */
export function tableIdempotency(options: ConsumerIdempotencyOptions = {}): ConsumerIdempotency {
  return {
    createRunner(defaults) {
      const tableName = options.tableName ?? defaults.tableName;
      const store = options.store ?? (tableName ? new IdempotencyStore({ tableName }) : undefined);
      if (!store) {
        throw new ConfigurationError(
          'tableIdempotency() found no table: set FERRY_IDEMPOTENCY_TABLE (the QueueConsumer construct does when given an idempotency table), or pass { tableName } or { store }.',
        );
      }
      return new IdempotentRunner(store, {
        expiresAfterSeconds: options.expiresAfterSeconds ?? defaults.expiresAfterSeconds,
        keyPrefix: options.keyPrefix,
      });
    },
  };
}
