import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { NewEvent, WriteWithEvents } from '../../functions/shop/api/place-order.ts';
import { TransactionCancelledError } from '../../runtime/errors.ts';

/**
 * Stands in for the outbox writer in shop tests: runs the business actions in one real transaction
 * (DynamoDB Local) and keeps the events in memory, reporting cancellations in the writer's shape.
 */
export function fakeOutbox(): { readonly events: NewEvent[]; readonly writeWithEvents: WriteWithEvents } {
  const dynamodb = new DynamoDBClient({});
  const events: NewEvent[] = [];
  const writeWithEvents: WriteWithEvents = async (actions, newEvents) => {
    try {
      await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: actions }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => ({ code: r.Code ?? 'None' }));
      throw new TransactionCancelledError('transaction cancelled', reasons, { cause: error });
    }
    events.push(...newEvents);
  };
  return { events, writeWithEvents };
}
