import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { TransactionLimitError } from '../errors.ts';
import { actionBytes, MAX_ITEM_BYTES, MAX_TRANSACTION_ACTIONS, MAX_TRANSACTION_BYTES } from './item-size.ts';
import type { OutboxWriterConfig } from './outbox-config.ts';
import {
  aggregateKey,
  counterSortKey,
  eventSortKey,
  marshallEventItem,
  OUTBOX_KINDS,
  type OutboxEventItem,
} from './outbox-item.ts';
import type { NewOutboxEvent } from './outbox-writer.ts';

/** Input of {@link buildOutboxActions}. */
export interface OutboxActionsInput {
  readonly config: OutboxWriterConfig;
  readonly source: string;
  readonly events: readonly NewOutboxEvent[];
  /** Each aggregate's sequence as read before the transaction (0 for a new aggregate). */
  readonly current: ReadonlyMap<string, number>;
  readonly occurredAt: Date;
  readonly newId: () => string;
}

/** The outbox's part of a transaction. */
export interface OutboxActions {
  /** One Put per event, then one counter Put per aggregate. */
  readonly actions: TransactWriteItem[];
  readonly items: OutboxEventItem[];
  /** The aggregate each of `actions` belongs to, by position. */
  readonly aggregateOfAction: string[];
}

/**
 * Builds the Puts of the events (numbered on from each aggregate's current sequence, in the order
 * given) and of each aggregate's counter, conditioned on the counter still holding the value
 * read: a concurrent writer makes the transaction fail instead of reusing a number. Event Puts
 * also require their key to be free, so an event is never overwritten.
 */
export function buildOutboxActions(input: OutboxActionsInput): OutboxActions {
  const { config, occurredAt } = input;
  const next = new Map(input.current);
  const items: OutboxEventItem[] = [];
  const ttl = Math.floor(occurredAt.getTime() / 1000) + config.ttlSeconds;
  for (const event of input.events) {
    const pk = aggregateKey(event.aggregateType, event.aggregateId);
    const sequence = (next.get(pk) ?? 0) + 1;
    next.set(pk, sequence);
    items.push({
      pk,
      sk: eventSortKey(sequence, config.sortKeyPrefix),
      ferryKind: OUTBOX_KINDS.event,
      id: input.newId(),
      type: event.type,
      source: input.source,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      sequence,
      occurredAt: occurredAt.toISOString(),
      ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
      data: JSON.stringify(event.data ?? null),
      ttl,
    });
  }
  const actions: TransactWriteItem[] = items.map((item) => ({
    Put: {
      TableName: config.tableName,
      Item: marshallEventItem(item),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
  const aggregateOfAction = items.map((item) => item.pk);
  for (const [pk, sequence] of next) {
    const read = input.current.get(pk) ?? 0;
    actions.push({
      Put: {
        TableName: config.tableName,
        Item: marshall({
          pk,
          sk: counterSortKey(config.sortKeyPrefix),
          ferryKind: OUTBOX_KINDS.counter,
          sequence,
        }),
        ConditionExpression: read === 0 ? 'attribute_not_exists(pk)' : '#sequence = :read',
        ...(read === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#sequence': 'sequence' },
              ExpressionAttributeValues: { ':read': { N: String(read) } },
            }),
      },
    });
    aggregateOfAction.push(pk);
  }
  return { actions, items, aggregateOfAction };
}

/** Throws a {@link TransactionLimitError} when a transaction would hold more than 100 actions. */
export function checkActionCount(count: number): void {
  if (count > MAX_TRANSACTION_ACTIONS) {
    throw new TransactionLimitError(
      `The transaction has ${count} actions (business actions, events and one counter per aggregate), over DynamoDB's limit of ${MAX_TRANSACTION_ACTIONS} actions per TransactWriteItems. Write fewer events or split the change.`,
    );
  }
}

/**
 * Throws a {@link TransactionLimitError} naming the limit when `actions` break one of
 * TransactWriteItems' limits: 100 actions, 400 KB per item, 4 MB in total.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export function checkTransactionLimits(actions: readonly TransactWriteItem[]): void {
  checkActionCount(actions.length);
  let total = 0;
  actions.forEach((action, index) => {
    const size = actionBytes(action);
    if (size > MAX_ITEM_BYTES) {
      throw new TransactionLimitError(
        `Action ${index} writes an item of about ${size} bytes, over DynamoDB's item size limit of ${MAX_ITEM_BYTES} bytes (400 KB). Store large payloads elsewhere (e.g. S3) and put a reference in the event.`,
      );
    }
    total += size;
  });
  if (total > MAX_TRANSACTION_BYTES) {
    throw new TransactionLimitError(
      `The transaction writes about ${total} bytes, over DynamoDB's limit of ${MAX_TRANSACTION_BYTES} bytes (4 MB) per TransactWriteItems. Split the change or shrink the events.`,
    );
  }
}
