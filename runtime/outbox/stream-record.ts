import type { DynamoDBRecord } from 'aws-lambda';
import type { FerryEnvelope } from '../contract.ts';
import { UndecodableOutboxItemError } from './errors.ts';
import { decodeEventItem, isEventImage, type OutboxEventItem } from './outbox-item.ts';

/** What a stream record means to the relay. */
export type ClassifiedRecord =
  /** Not an outbox event insert (MODIFY, REMOVE, TTL removals, counters, business items): never published. */
  | { readonly kind: 'ignored' }
  | {
      readonly kind: 'event';
      readonly sequenceNumber: string;
      readonly item: OutboxEventItem;
      readonly envelope: FerryEnvelope;
    }
  /** An outbox insert that cannot be read: poison, parked whole. */
  | {
      readonly kind: 'undecodable';
      readonly sequenceNumber: string;
      readonly error: UndecodableOutboxItemError;
    };

/**
 * Sorts a DynamoDB stream record: only INSERTs of items marked as outbox events are events. The
 * check is in code even though the construct also sets an INSERT-only filter: a mapping without
 * the filter must not republish modified or TTL-removed items.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html
 */
export function classifyStreamRecord(record: DynamoDBRecord): ClassifiedRecord {
  if (record.eventName !== 'INSERT') return { kind: 'ignored' };
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
  const image = record.dynamodb?.NewImage as Readonly<Record<string, unknown>> | undefined;
  if (image === undefined) {
    return {
      kind: 'undecodable',
      sequenceNumber,
      error: new UndecodableOutboxItemError(
        'The stream record has no NewImage, so the event cannot be read; set the table stream view type to NEW_IMAGE (or NEW_AND_OLD_IMAGES) and replay.',
      ),
    };
  }
  if (!isEventImage(image)) return { kind: 'ignored' };
  try {
    return { kind: 'event', sequenceNumber, ...decodeEventItem(image) };
  } catch (error) {
    if (error instanceof UndecodableOutboxItemError) return { kind: 'undecodable', sequenceNumber, error };
    throw error;
  }
}

/** Compares two stream sequence numbers (decimal strings of any length) as numbers. */
export function compareSequenceNumbers(a: string, b: string): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
