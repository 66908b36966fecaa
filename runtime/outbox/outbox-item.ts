import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { FerryEnvelope } from '../contract.ts';
import { describeIssues } from '../envelope.ts';
import { UndecodableOutboxItemError } from './errors.ts';

/**
 * Attribute that marks Ferry's outbox items, so the relay (and the stream filter the construct
 * sets) can tell them from business items and sequence counters in the same table:
 * `{"dynamodb": {"NewImage": {"ferryKind": {"S": ["event"]}}}}`.
 */
export const OUTBOX_KIND_ATTRIBUTE = 'ferryKind';
/** Values of {@link OUTBOX_KIND_ATTRIBUTE}. */
export const OUTBOX_KINDS = { event: 'event', counter: 'counter' } as const;
/** Digits of the zero-padded sequence in an event's sort key, so keys sort in sequence order. */
export const SEQUENCE_DIGITS = 12;

/** The partition key of an aggregate's outbox items and counter: `<aggregateType>#<aggregateId>`. */
export function aggregateKey(aggregateType: string, aggregateId: string): string {
  return `${aggregateType}#${aggregateId}`;
}

/** The sort key of an aggregate's event number `sequence`: the prefix and 12 zero-padded digits. */
export function eventSortKey(sequence: number, prefix = ''): string {
  return `${prefix}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The sort key of an aggregate's sequence counter (after every event key: letters sort after digits). */
export function counterSortKey(prefix = ''): string {
  return `${prefix}counter`;
}

/** One event as stored in the outbox table. `data` is JSON text, so any JSON value survives as is. */
export interface OutboxEventItem {
  readonly pk: string;
  readonly sk: string;
  readonly ferryKind: 'event';
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly traceparent?: string;
  readonly data: string;
  /** Epoch seconds after which TTL may remove the item. */
  readonly ttl: number;
}

const nonEmpty = () => z.string().check(z.minLength(1));

const itemSchema = z.object({
  pk: nonEmpty(),
  sk: nonEmpty(),
  ferryKind: z.literal(OUTBOX_KINDS.event),
  id: nonEmpty(),
  type: nonEmpty(),
  source: nonEmpty(),
  aggregateType: nonEmpty(),
  aggregateId: nonEmpty(),
  sequence: z.int().check(z.positive()),
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.optional(z.string()),
  data: z.string(),
  ttl: z.number(),
});

/** The item in DynamoDB's attribute-value form. */
export function marshallEventItem(item: OutboxEventItem): Record<string, AttributeValue> {
  return marshall(item, { removeUndefinedValues: true });
}

/** The envelope the relay publishes for `item`. `data` must be valid JSON (see {@link decodeEventItem}). */
export function envelopeOf(item: OutboxEventItem): FerryEnvelope {
  return {
    id: item.id,
    type: item.type,
    source: item.source,
    aggregateId: item.aggregateId,
    sequence: item.sequence,
    occurredAt: item.occurredAt,
    ...(item.traceparent === undefined ? {} : { traceparent: item.traceparent }),
    data: JSON.parse(item.data),
  };
}

/** Whether a DynamoDB image (attribute-value form) is an outbox event item, judged by its marker alone. */
export function isEventImage(image: Readonly<Record<string, unknown>> | undefined): boolean {
  const marker = image?.[OUTBOX_KIND_ATTRIBUTE] as { S?: unknown } | undefined;
  return marker?.S === OUTBOX_KINDS.event;
}

/**
 * Reads an outbox event item and its envelope from a DynamoDB image (attribute-value form, as in
 * a stream record or a Query result). Throws an {@link UndecodableOutboxItemError} (permanent)
 * naming what is wrong when attributes are missing or malformed or `data` is not JSON.
 */
export function decodeEventItem(image: Readonly<Record<string, unknown>>): {
  readonly item: OutboxEventItem;
  readonly envelope: FerryEnvelope;
} {
  let plain: unknown;
  try {
    plain = unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    throw new UndecodableOutboxItemError(
      `Outbox item is not a valid DynamoDB image (${describe(error)}); it was written by something other than the outbox writer.`,
      { cause: error },
    );
  }
  const parsed = z.safeParse(itemSchema, plain);
  if (!parsed.success) {
    throw new UndecodableOutboxItemError(
      `Outbox item does not have the outbox writer's attributes (${describeIssues(parsed.error).join('; ')}); write events with the outbox writer.`,
      { cause: parsed.error },
    );
  }
  const item = parsed.data as OutboxEventItem;
  try {
    return { item, envelope: envelopeOf(item) };
  } catch (error) {
    throw new UndecodableOutboxItemError(
      `Outbox item ${item.id} has data that is not JSON (${describe(error)}); write events with the outbox writer.`,
      { cause: error },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
