import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { DuplicateInProgressError } from '../errors.ts';
import type { IdempotencyStore } from './idempotency-store.ts';

/** What {@link IdempotentRunner.run} did. */
export type IdempotentOutcome = 'completed' | 'duplicate';

/** Options of {@link IdempotentRunner}. */
export interface IdempotentRunnerOptions {
  /** How long a completed key is remembered, in seconds. */
  readonly expiresAfterSeconds: number;
  /** Prefix of every key. @default - the Lambda function name (`AWS_LAMBDA_FUNCTION_NAME`) */
  readonly keyPrefix?: string;
}

/**
 * Runs work at most once per key (for Ferry, the envelope's event id, which stays the same across
 * redeliveries and DLQ redrives, unlike SQS message ids) with Powertools idempotency:
 * - first time: the key is locked INPROGRESS until the invocation would time out, the work runs,
 *   and the key is marked COMPLETED; if the work throws, the lock is released and the error
 *   passes through unchanged (its class still decides retry or DLQ);
 * - key already COMPLETED: the work is skipped (`'duplicate'`);
 * - key INPROGRESS in another invocation: a {@link DuplicateInProgressError}, which is transient,
 *   and asks for a retry no sooner than the longest a lock can live (the function timeout, read
 *   from the first invocation's remaining time), so the retry does not meet the same lock again.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/
 */
export class IdempotentRunner {
  readonly #store: IdempotencyStore;
  readonly #config: IdempotencyConfig;
  readonly #idempotent: (key: string, work: () => Promise<void>) => Promise<void>;
  /** The longest remaining time seen at an invocation's start: an upper bound on a lock's life. */
  #lockLifetimeMillis = 0;

  constructor(store: IdempotencyStore, options: IdempotentRunnerOptions) {
    this.#store = store;
    this.#config = new IdempotencyConfig({ expiresAfterSeconds: options.expiresAfterSeconds });
    this.#idempotent = makeIdempotent(
      async (_key: string, work: () => Promise<void>): Promise<void> => {
        await work();
      },
      { persistenceStore: store, config: this.#config, keyPrefix: options.keyPrefix, dataIndexArgument: 0 },
    );
  }

  /** Gives the runner the invocation's context: the INPROGRESS lock lasts its remaining time. */
  registerContext(context: Context): void {
    this.#config.registerLambdaContext(context);
    // At the start of an invocation its remaining time is (about) the function timeout: no lock of
    // another invocation of this function outlives that from now on.
    this.#lockLifetimeMillis = Math.max(this.#lockLifetimeMillis, context.getRemainingTimeInMillis());
  }

  /** Runs `work` unless `key` already completed; see the class doc for the outcomes. */
  async run(key: string, work: () => Promise<void>): Promise<IdempotentOutcome> {
    let ran = false;
    try {
      await this.#idempotent(key, () => {
        ran = true;
        return work();
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError') {
        throw new DuplicateInProgressError(
          `Event ${key} is being processed by another invocation right now, or one was killed holding its lock; this copy is retried when the lock has expired and skipped if that one completes.`,
          {
            cause: error,
            ...(this.#lockLifetimeMillis > 0
              ? { retryAfterSeconds: Math.ceil(this.#lockLifetimeMillis / 1000) + 1 }
              : {}),
          },
        );
      }
      throw error;
    }
    return ran ? 'completed' : 'duplicate';
  }

  /**
   * The TransactWriteItems action marking `key` COMPLETED (see
   * {@link IdempotencyStore.completionAction}); valid inside {@link IdempotentRunner.run}'s work.
   */
  completionMarker(key: string): TransactWriteItem {
    return this.#store.completionAction(key);
  }
}
