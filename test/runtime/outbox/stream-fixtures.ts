import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  aggregateKey,
  eventSortKey,
  marshallEventItem,
  OUTBOX_KINDS,
  type OutboxEventItem,
} from '../../../runtime/outbox/outbox-item.ts';

export const STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:000000000000:table/outbox/stream/2026-01-01T00:00:00.000';

/** An outbox event item of `aggregateId` (type `order`) at `sequence`. */
export function eventItem(
  aggregateId: string,
  sequence: number,
  overrides: Partial<OutboxEventItem> = {},
): OutboxEventItem {
  return {
    pk: aggregateKey('order', aggregateId),
    sk: eventSortKey(sequence),
    ferryKind: OUTBOX_KINDS.event,
    id: `evt-${aggregateId}-${sequence}`,
    type: 'OrderPlaced',
    source: 'shop.orders',
    aggregateType: 'order',
    aggregateId,
    sequence,
    occurredAt: '2026-01-01T00:00:00.000Z',
    data: JSON.stringify({ aggregateId, sequence }),
    ttl: 1_800_000_000,
    ...overrides,
  };
}

/** A stream record as Lambda delivers it for `image` (attribute-value form). */
export function streamRecord(
  sequenceNumber: string | number,
  image: Record<string, unknown> | undefined,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT',
  extra: Partial<DynamoDBRecord> = {},
): DynamoDBRecord {
  return {
    eventID: `id-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: STREAM_ARN,
    dynamodb: {
      ApproximateCreationDateTime: 1_767_225_600,
      Keys: { pk: { S: String(image?.pk ?? 'k') }, sk: { S: 's' } },
      ...(image && eventName !== 'REMOVE' ? { NewImage: image as never } : {}),
      SequenceNumber: String(sequenceNumber),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
    ...extra,
  };
}

/** The INSERT record of an event item. */
export function insertOf(sequenceNumber: string | number, item: OutboxEventItem): DynamoDBRecord {
  return streamRecord(sequenceNumber, marshallEventItem(item));
}

export function streamEvent(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

/**
 * An SQS client that records every SendMessageBatch per queue and fails the entries `fail`
 * picks (body, queue) with a transient error.
 */
export function recordingSqs(fail: (body: string, queueUrl: string) => boolean = () => false) {
  const sent = new Map<string, SendMessageBatchCommandInput['Entries']>();
  const calls: SendMessageBatchCommandInput[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error('unexpected command');
      const input = command.input;
      calls.push(input);
      const queueUrl = input.QueueUrl ?? '';
      const entries = input.Entries ?? [];
      const failed = entries.filter((entry) => fail(entry.MessageBody ?? '', queueUrl));
      const ok = entries.filter((entry) => !failed.includes(entry));
      sent.set(queueUrl, [...(sent.get(queueUrl) ?? []), ...ok]);
      return {
        Successful: ok.map((entry) => ({ Id: entry.Id, MessageId: 'm', MD5OfMessageBody: '' })),
        Failed: failed.map((entry) => ({
          Id: entry.Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'injected',
        })),
      };
    },
  } as unknown as SQSClient;
  const bodies = (queueUrl: string): string[] =>
    (sent.get(queueUrl) ?? []).map((entry) => entry.MessageBody ?? '');
  return { client, calls, sent, bodies };
}
