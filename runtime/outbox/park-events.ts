import type { SQSClient } from '@aws-sdk/client-sqs';
import { FAILURE_ATTRIBUTES } from '../contract.ts';
import { describeError } from '../errors.ts';
import { type PublishInBatchesOptions, publishInBatches } from '../producer/publish-in-batches.ts';
import { sqsChannel } from '../producer/sqs-channel.ts';

/** Error messages are cut to this many characters: they count towards the message size. */
const MAX_ERROR_MESSAGE_CHARS = 2_048;

/** Attributes of a parked event beyond {@link FAILURE_ATTRIBUTES}. */
export const PARKED_ATTRIBUTES = {
  /** Stream sequence number of the record the event came from. */
  sequenceNumber: 'ferry.stream.sequence-number',
  /** Event type, for redrive tooling that filters by type. */
  eventType: 'ferry.event.type',
} as const;

/** One event (or undecodable record) to park in the relay DLQ. */
export interface ParkedEvent {
  /** Unique in one call; results are keyed by it. */
  readonly ref: string;
  /** The whole event: its envelope as JSON, or the raw stream record when it cannot be decoded. */
  readonly body: string;
  /** Why it is parked. */
  readonly error: unknown;
  /** Event id (or stream record id when the event is unreadable). */
  readonly originalId: string;
  /** ARN of the stream the record came from. */
  readonly streamArn?: string;
  readonly sequenceNumber?: string;
  readonly eventType?: string;
  /** When the event happened (ISO 8601), when known. */
  readonly occurredAt?: string;
}

/**
 * Sends `events` to the relay's DLQ (a standard queue), each with the reason in the same failure
 * attributes the SQS consumer uses (error name and message, original id, source, first seen) plus
 * the stream sequence number and event type. Resolves with the refs that could not be parked;
 * the caller must then report those as failed, so nothing is lost.
 */
export async function parkEvents(
  client: SQSClient,
  deadLetterQueueUrl: string,
  events: readonly ParkedEvent[],
  options: PublishInBatchesOptions = {},
): Promise<Map<string, string>> {
  if (events.length === 0) return new Map();
  const items = events.map((event) => {
    const { name, message } = describeError(event.error);
    const attributes: Record<string, string> = {
      [FAILURE_ATTRIBUTES.errorName]: name,
      [FAILURE_ATTRIBUTES.errorMessage]: message.slice(0, MAX_ERROR_MESSAGE_CHARS) || '(no message)',
      [FAILURE_ATTRIBUTES.originalMessageId]: event.originalId || 'unknown',
      [FAILURE_ATTRIBUTES.sourceQueue]: event.streamArn || 'unknown',
    };
    if (event.occurredAt) attributes[FAILURE_ATTRIBUTES.firstSeen] = event.occurredAt;
    if (event.sequenceNumber) attributes[PARKED_ATTRIBUTES.sequenceNumber] = event.sequenceNumber;
    if (event.eventType) attributes[PARKED_ATTRIBUTES.eventType] = event.eventType;
    return { id: event.ref, entry: { body: event.body, attributes } };
  });
  const report = await publishInBatches(sqsChannel(client, deadLetterQueueUrl), items, options);
  const unparked = new Map<string, string>();
  for (const [ref, outcome] of report.outcomes) {
    if (outcome.status === 'published') continue;
    const detail = 'code' in outcome ? `${outcome.code}: ${outcome.message}` : outcome.status;
    unparked.set(ref, `could not park it in the relay DLQ (${detail})`);
  }
  return unparked;
}
