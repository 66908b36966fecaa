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
 *   so the message is retried after a backoff; by then the other one has finished or its lock
 *   has expired.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/
 */
export class IdempotentRunner {
  readonly #store: IdempotencyStore;
  readonly #config: IdempotencyConfig;
  readonly #idempotent: (key: string, work: () => Promise<void>) => Promise<void>;

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
          `Event ${key} is being processed by another invocation right now; this copy is retried later and skipped if that one completes.`,
          { cause: error },
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
