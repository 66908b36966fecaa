import {
  IdempotencyRecordStatus,
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { DeleteItemCommand, DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';

/** Options of {@link IdempotencyStore}: the Powertools DynamoDB layout, attribute names included. */
export interface IdempotencyStoreOptions {
  readonly tableName: string;
  /** Partition key attribute. @default 'id' */
  readonly keyAttr?: string;
  /** Sort key attribute, for a table shared with other items. @default - the table has no sort key */
  readonly sortKeyAttr?: string;
  /** Partition key value when `sortKeyAttr` is set. @default `idempotency#<key prefix>` */
  readonly staticPkValue?: string;
  /** @default 'status' */
  readonly statusAttr?: string;
  /** Expiry, epoch seconds; make it the table's TTL attribute. @default 'expiration' */
  readonly expiryAttr?: string;
  /** @default 'in_progress_expiration' */
  readonly inProgressExpiryAttr?: string;
  /** @default 'data' */
  readonly dataAttr?: string;
  /** @default - a client from the environment, created once */
  readonly client?: DynamoDBClient;
}

/**
 * The Powertools DynamoDB persistence layer with two additions that make exactly-once effects on
 * DynamoDB possible:
 *
 * - {@link IdempotencyStore.completionAction} returns the `TransactWriteItems` action that marks
 *   the record COMPLETED, in the exact layout Powertools reads, so a handler can commit its own
 *   writes and the marker in one transaction: a crash between effect and marker cannot happen.
 * - When a handler fails, Powertools deletes the record so that a retry may run. Here the delete
 *   only removes an INPROGRESS record: if the handler's transaction had already committed the
 *   marker before a later step threw, the COMPLETED record stays and the retry is skipped as a
 *   duplicate instead of applying the effect twice.
 *
 * No library we know of offers the in-transaction marker.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export class IdempotencyStore extends DynamoDBPersistenceLayer {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #keyAttr: string;
  readonly #statusAttr: string;
  readonly #expiryAttr: string;

  constructor(options: IdempotencyStoreOptions) {
    const client = options.client ?? new DynamoDBClient({});
    const { client: _client, ...layout } = options;
    super({ ...layout, awsSdkV3Client: client });
    this.#client = client;
    this.#tableName = options.tableName;
    this.#keyAttr = options.keyAttr ?? 'id';
    this.#statusAttr = options.statusAttr ?? PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.statusAttr;
    this.#expiryAttr = options.expiryAttr ?? PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS.expiryAttr;
  }

  /**
   * The action that marks the record of `data` (the value Powertools hashes: for Ferry's consumer,
   * the envelope id) COMPLETED with a fresh expiry. Its condition makes the whole transaction fail
   * (`TransactionCanceledException`, reason `ConditionalCheckFailed`) when an unexpired COMPLETED
   * record already exists, so an effect can never be committed twice. Call it once the store has
   * been configured by Powertools, i.e. from inside the idempotent function.
   */
  completionAction(data: string, nowMillis = Date.now()): TransactWriteItem {
    return {
      Update: {
        TableName: this.#tableName,
        Key: this.getKey(this.getHashedIdempotencyKey(data)),
        UpdateExpression: 'SET #status = :completed, #expiry = :expiry',
        ConditionExpression: 'attribute_not_exists(#key) OR #status <> :completed OR #expiry < :now',
        ExpressionAttributeNames: {
          '#key': this.#keyAttr,
          '#status': this.#statusAttr,
          '#expiry': this.#expiryAttr,
        },
        ExpressionAttributeValues: {
          ':completed': { S: IdempotencyRecordStatus.COMPLETED },
          ':expiry': { N: String(Math.round(nowMillis / 1000 + this.expiresAfterSeconds)) },
          ':now': { N: String(nowMillis / 1000) },
        },
      },
    };
  }

  /** Deletes the record only while it is INPROGRESS; a COMPLETED one stays (see the class doc). */
  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#tableName,
          Key: this.getKey(record.idempotencyKey),
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': this.#statusAttr },
          ExpressionAttributeValues: { ':inProgress': { S: IdempotencyRecordStatus.INPROGRESS } },
        }),
      );
    } catch (error) {
      // Not INPROGRESS any more: the handler's transaction completed it, or it expired and went.
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw error;
    }
  }
}
