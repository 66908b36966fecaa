import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { httpProblem } from './problem-details.ts';

/** Options for {@link IdempotentRequests}. */
export interface IdempotentRequestsOptions {
  /** Table that holds the records; it may be the business table (records use their own key prefix). */
  readonly tableName: string;
  /** @default 'pk' */
  readonly partitionKey?: string;
  /**
   * Sort key attribute name, when the table has one; records use the value `IDEMPOTENCY`.
   * @default - the table has no sort key
   */
  readonly sortKey?: string;
  /**
   * How long a request may hold its key before another attempt may take over (a crashed first
   * attempt must not block the key forever). Keep it above the API's integration timeout (30 s).
   * @default 35
   */
  readonly leaseSeconds?: number;
  /**
   * How long a completed key is remembered, in seconds (TTL attribute; TTL removal is lazy).
   * @default 86_400
   */
  readonly retentionSeconds?: number;
  /** @default 'ttl' */
  readonly ttlAttribute?: string;
  /** @default - a client from the environment */
  readonly client?: DynamoDBClient;
}

/** The outcome of {@link IdempotentRequests.begin}. */
export type BeginResult<T> =
  | { readonly kind: 'replay'; readonly result: T }
  | { readonly kind: 'new'; readonly lock: RequestLock<T> };

/** A key this request holds until it completes or releases it. */
export interface RequestLock<T> {
  /** The action that records `result` as the key's outcome: put it in the same transaction as the effect. */
  completeAction(result: T): TransactWriteItem;
  /** Gives the key up (the request failed before its effect): a retry may proceed at once. */
  release(): Promise<void>;
}

/**
 * The Idempotency-Key contract of the IETF draft, stored in DynamoDB: a first request takes the key
 * (IN_PROGRESS, with a lease); its effect and the key's COMPLETED record commit in one transaction,
 * so a crash can never leave an effect without its record. Same key and payload after completion:
 * the stored result is replayed. Same key, other payload: 422. Same key while the first is still in
 * flight: 409 with Retry-After. No library we know offers the in-transaction completion, which is
 * why this is Ferry's own.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export class IdempotentRequests {
  readonly #options: Required<Omit<IdempotentRequestsOptions, 'sortKey' | 'client'>> &
    Pick<IdempotentRequestsOptions, 'sortKey'>;
  #client: DynamoDBClient | undefined;

  constructor(options: IdempotentRequestsOptions) {
    this.#options = {
      partitionKey: 'pk',
      leaseSeconds: 35,
      retentionSeconds: 86_400,
      ttlAttribute: 'ttl',
      ...options,
    };
    this.#client = options.client;
  }

  /**
   * Takes `key` within `scope` for a request whose payload has `payloadFingerprint`, or answers
   * with the earlier outcome. Throws an HttpProblem (409 or 422) when the request must not proceed.
   */
  async begin<T>(
    scope: string,
    key: string,
    payloadFingerprint: string,
    now = Date.now(),
  ): Promise<BeginResult<T>> {
    const { tableName, leaseSeconds, retentionSeconds, ttlAttribute } = this.#options;
    const token = crypto.randomUUID();
    const nowSeconds = Math.floor(now / 1000);
    try {
      await this.#dynamodb().send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...this.#key(scope, key),
            status: 'IN_PROGRESS',
            fingerprint: payloadFingerprint,
            token,
            leaseUntil: nowSeconds + leaseSeconds,
            [ttlAttribute]: nowSeconds + retentionSeconds,
          }),
          ConditionExpression: 'attribute_not_exists(#pk) OR (#status = :inProgress AND #leaseUntil < :now)',
          ExpressionAttributeNames: {
            '#pk': this.#options.partitionKey,
            '#status': 'status',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: marshall({ ':inProgress': 'IN_PROGRESS', ':now': nowSeconds }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const existing = unmarshall(error.Item);
      if (existing.fingerprint !== payloadFingerprint) {
        throw httpProblem(
          422,
          'idempotency-key-reused',
          'Idempotency-Key reused with another payload',
          'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        );
      }
      if (existing.status === 'COMPLETED')
        return { kind: 'replay', result: JSON.parse(existing.result) as T };
      const retryAfter = Math.max(1, Number(existing.leaseUntil) - nowSeconds);
      throw httpProblem(
        409,
        'request-in-progress',
        'Request in progress',
        'A request with this Idempotency-Key is still being processed. Retry after a moment to get its outcome.',
        {},
        { 'retry-after': String(Math.min(retryAfter, 5)) },
      );
    }
    return { kind: 'new', lock: this.#lock<T>(scope, key, token) };
  }

  #lock<T>(scope: string, key: string, token: string): RequestLock<T> {
    const { tableName } = this.#options;
    const Key = marshall(this.#key(scope, key));
    return {
      completeAction: (result) => ({
        Update: {
          TableName: tableName,
          Key,
          UpdateExpression: 'SET #status = :completed, #result = :result REMOVE #leaseUntil',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#result': 'result',
            '#token': 'token',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: marshall({
            ':completed': 'COMPLETED',
            ':result': JSON.stringify(result),
            ':token': token,
          }),
        },
      }),
      release: async () => {
        try {
          await this.#dynamodb().send(
            new DeleteItemCommand({
              TableName: tableName,
              Key,
              ConditionExpression: '#token = :token AND #status = :inProgress',
              ExpressionAttributeNames: { '#token': 'token', '#status': 'status' },
              ExpressionAttributeValues: marshall({ ':token': token, ':inProgress': 'IN_PROGRESS' }),
            }),
          );
        } catch (error) {
          // Someone else took the key after our lease ran out, or we completed: nothing of ours to release.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      },
    };
  }

  #key(scope: string, key: string): Record<string, string> {
    const value = `IDEMPOTENCY#${encodeURIComponent(scope)}#${encodeURIComponent(key)}`;
    const { partitionKey, sortKey } = this.#options;
    return sortKey ? { [partitionKey]: value, [sortKey]: 'IDEMPOTENCY' } : { [partitionKey]: value };
  }

  #dynamodb(): DynamoDBClient {
    this.#client ??= new DynamoDBClient({});
    return this.#client;
  }
}
