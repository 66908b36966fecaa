import {
  BatchGetItemCommand,
  DynamoDBClient,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import type { FerryEnvelope } from '../contract.ts';
import { ConcurrencyError, TransactionCancelledError } from '../errors.ts';
import { buildOutboxActions, checkActionCount, checkTransactionLimits } from './outbox-actions.ts';
import { type OutboxWriterConfig, readOutboxWriterConfig } from './outbox-config.ts';
import { aggregateKey, counterSortKey, envelopeOf } from './outbox-item.ts';

/** One event to append to its aggregate's outbox, in the same transaction as the business writes. */
export interface NewOutboxEvent {
  /** e.g. `order`; with `aggregateId` it makes the partition key `order#<id>`. */
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** Event type, e.g. `OrderPlaced`: routes key on it. */
  readonly type: string;
  /** Any JSON value. */
  readonly data: unknown;
  /** W3C trace context of the request that caused the event. */
  readonly traceparent?: string;
}

/** Options of {@link OutboxWriter}. Unset values come from the environment (see {@link readOutboxWriterConfig}). */
export interface OutboxWriterOptions extends Partial<OutboxWriterConfig> {
  /** The producing service, e.g. `shop.orders`: the envelope's `source`. */
  readonly source: string;
  /** @default a client created once per writer */
  readonly client?: DynamoDBClient;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default UUIDv7 (time-ordered) */
  readonly newId?: () => string;
}

/**
 * The transactional outbox writer: writes a caller's business changes and one or more events in
 * one `TransactWriteItems`, all or nothing.
 *
 * Each event is an item of its aggregate (partition key `<aggregateType>#<aggregateId>`, sort key
 * the zero-padded sequence), with a UUIDv7 id, `occurredAt`, the aggregate's next sequence
 * number and a TTL. Sequence numbers come from a per-aggregate counter item that the same
 * transaction updates on the condition that it still holds the value read before, so of two
 * concurrent writers of one aggregate one fails with a {@link ConcurrencyError} (retry it with
 * fresh state) instead of both taking the same number. Limits (100 actions, 400 KB per item,
 * 4 MB in total) are checked before the call (`TransactionLimitError`); any other cancellation is
 * a {@link TransactionCancelledError} with one reason per action.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export class OutboxWriter {
  readonly config: OutboxWriterConfig;
  private readonly source: string;
  private readonly client: DynamoDBClient;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(options: OutboxWriterOptions) {
    this.config = readOutboxWriterConfig(options);
    this.source = options.source;
    this.client = options.client ?? new DynamoDBClient({});
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? uuidv7;
  }

  /**
   * Writes `actions` and `events` in one transaction and resolves with the envelopes of the
   * events as the relay will publish them. A bound function: pass `writer.write` around as is.
   */
  readonly write = async (
    actions: readonly TransactWriteItem[],
    events: readonly NewOutboxEvent[],
  ): Promise<FerryEnvelope[]> => {
    if (events.length === 0) {
      throw new TypeError(
        'OutboxWriter.write needs at least one event; call TransactWriteItems directly otherwise.',
      );
    }
    const aggregates = new Set(events.map((event) => aggregateKey(event.aggregateType, event.aggregateId)));
    // Fail before reading: a call over the limit would also exceed BatchGetItem's 100 keys.
    checkActionCount(actions.length + events.length + aggregates.size);
    const current = await this.readSequences([...aggregates]);
    const occurredAt = this.now();
    const built = buildOutboxActions({
      config: this.config,
      source: this.source,
      events,
      current,
      occurredAt,
      newId: this.newId,
    });
    const all = [...actions, ...built.actions];
    checkTransactionLimits(all);
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: all }));
    } catch (error) {
      throw translateCancellation(error, actions.length, built.aggregateOfAction);
    }
    return built.items.map(envelopeOf);
  };

  private async readSequences(keys: readonly string[]): Promise<Map<string, number>> {
    const current = new Map<string, number>(keys.map((key) => [key, 0]));
    const sk = counterSortKey(this.config.sortKeyPrefix);
    let pending = keys.map((pk) => ({ pk: { S: pk }, sk: { S: sk } }));
    // BatchGetItem may leave keys unprocessed under load; ask again for those.
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** round)));
      const output = await this.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.config.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: 'pk, #s',
              ExpressionAttributeNames: { '#s': 'sequence' },
            },
          },
        }),
      );
      for (const item of output.Responses?.[this.config.tableName] ?? []) {
        if (item.pk?.S !== undefined) current.set(item.pk.S, Number(item.sequence?.N ?? 0));
      }
      pending = (output.UnprocessedKeys?.[this.config.tableName]?.Keys ?? []) as typeof pending;
    }
    return current;
  }
}

/**
 * Maps a cancelled transaction to Ferry's errors: a failed condition (or a conflicting
 * transaction) on an outbox counter or event is a {@link ConcurrencyError}; anything else a
 * {@link TransactionCancelledError} carrying every action's reason. Other errors pass unchanged.
 */
function translateCancellation(
  error: unknown,
  callerActions: number,
  aggregateOfAction: readonly string[],
): unknown {
  if (
    !(error instanceof TransactionCanceledException) &&
    (error as Error)?.name !== 'TransactionCanceledException'
  ) {
    return error;
  }
  const raw = (error as TransactionCanceledException).CancellationReasons ?? [];
  const reasons = raw.map((reason) => ({
    code: reason.Code ?? 'None',
    ...(reason.Message ? { message: reason.Message } : {}),
  }));
  const raced = reasons
    .map((reason, index) => ({ reason, aggregate: aggregateOfAction[index - callerActions] }))
    .find(
      ({ reason, aggregate }) =>
        aggregate !== undefined &&
        (reason.code === 'ConditionalCheckFailed' || reason.code === 'TransactionConflict'),
    );
  if (raced) {
    return new ConcurrencyError(
      `Another writer appended to aggregate ${raced.aggregate} at the same time, so this transaction was cancelled and nothing was written. Read the aggregate again and retry.`,
      { cause: error },
    );
  }
  const codes = reasons
    .map((reason, index) => `${index}: ${reason.code}`)
    .filter((line) => !line.endsWith('None'));
  return new TransactionCancelledError(
    `DynamoDB cancelled the transaction, nothing was written (${codes.join(', ') || 'no reason given'}). Check the failing actions' conditions.`,
    reasons,
    { cause: error },
  );
}
