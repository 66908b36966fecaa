import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ConsumerLogger, defaultLogger } from '../observability/logger.ts';
import { defaultSqsClient } from '../sqs/sqs-client.ts';
import { RelayGaveUpError, StreamRecordsLostError } from './errors.ts';
import { NO_OUTBOX_METRICS, OUTBOX_METRICS, type OutboxMetrics } from './outbox-metrics.ts';
import { type ParkedEvent, parkEvents } from './park-events.ts';
import {
  describeGiveUp,
  parseStreamFailureRecord,
  type StreamFailureRecord,
} from './stream-failure-record.ts';
import { readStreamRange } from './stream-reader.ts';
import { classifyStreamRecord } from './stream-record.ts';

/** Options of {@link rehydrateFailures}. */
export interface RehydratorOptions {
  /** The relay DLQ the full events are parked in. */
  readonly deadLetterQueueUrl: string;
  /** @default a client created once per process */
  readonly streams?: DynamoDBStreamsClient;
  /** @default the process-wide client */
  readonly sqs?: SQSClient;
  /** @default NO_OUTBOX_METRICS */
  readonly metrics?: OutboxMetrics;
  /** @default the process-wide Powertools logger */
  readonly logger?: ConsumerLogger;
}

/** Errors meaning the stream no longer holds the range: reading again cannot help. */
const GONE = new Set(['TrimmedDataAccessException', 'ResourceNotFoundException']);

let sharedStreams: DynamoDBStreamsClient | undefined;

async function eventsToPark(
  message: SQSRecord,
  failure: StreamFailureRecord,
  options: RehydratorOptions,
): Promise<ParkedEvent[] | 'retry'> {
  const info = failure.DDBStreamBatchInfo;
  sharedStreams ??= new DynamoDBStreamsClient({});
  let read: Awaited<ReturnType<typeof readStreamRange>>;
  try {
    read = await readStreamRange(options.streams ?? sharedStreams, info);
  } catch (error) {
    if (!GONE.has((error as Error).name)) throw error;
    return [
      {
        ref: message.messageId,
        body: message.body,
        originalId: message.messageId,
        streamArn: info.streamArn,
        sequenceNumber: info.startSequenceNumber,
        error: new StreamRecordsLostError(
          `The stream no longer holds records ${info.startSequenceNumber}..${info.endSequenceNumber} of shard ${info.shardId} (${(error as Error).name}); replay these events from the outbox table by time range.`,
          { cause: error },
        ),
      },
    ];
  }
  if (!read.complete) return 'retry';
  const reason = `The relay's stream event source mapping gave up on this event: ${describeGiveUp(failure)}. Fix the cause, then redrive it or replay it from the outbox table.`;
  const parked: ParkedEvent[] = [];
  for (const record of read.records) {
    const classified = classifyStreamRecord(record);
    if (classified.kind === 'ignored') continue;
    const common = {
      ref: classified.sequenceNumber,
      streamArn: info.streamArn,
      sequenceNumber: classified.sequenceNumber,
    };
    parked.push(
      classified.kind === 'event'
        ? {
            ...common,
            body: JSON.stringify(classified.envelope),
            originalId: classified.envelope.id,
            eventType: classified.envelope.type,
            occurredAt: classified.envelope.occurredAt,
            error: new RelayGaveUpError(reason),
          }
        : {
            ...common,
            body: JSON.stringify(record),
            originalId: record.eventID ?? '',
            error: classified.error,
          },
    );
  }
  return parked;
}

/**
 * The rehydrator: consumes the on-failure records a stream event source mapping sends when it
 * gives up on a batch (metadata only: shard and sequence range), reads those records back from
 * the stream, and parks each outbox event among them, whole, in the relay DLQ with the reason.
 *
 * A record whose range the stream no longer holds is parked itself, with a reason saying to
 * replay from the outbox table; a message that is not an on-failure record is parked too. A
 * message is reported failed (and retried by its queue) when the stream cannot be read right now,
 * the range was not read to its end, or parking failed; nothing is dropped.
 */
export async function rehydrateFailures(
  event: SQSEvent,
  options: RehydratorOptions,
): Promise<SQSBatchResponse> {
  const logger = options.logger ?? defaultLogger();
  const metrics = options.metrics ?? NO_OUTBOX_METRICS;
  const sqs = options.sqs ?? defaultSqsClient();
  const batchItemFailures: SQSBatchItemFailure[] = [];
  let rehydrated = 0;
  for (const message of event.Records) {
    try {
      let parked: ParkedEvent[] | 'retry';
      try {
        parked = await eventsToPark(message, parseStreamFailureRecord(message.body), options);
      } catch (error) {
        if ((error as Error).name !== 'InvalidOnFailureRecordError') throw error;
        parked = [{ ref: message.messageId, body: message.body, originalId: message.messageId, error }];
      }
      if (parked === 'retry')
        throw new Error('the stream returned no more records before the end of the range');
      const unparked = await parkEvents(sqs, options.deadLetterQueueUrl, parked);
      if (unparked.size > 0) throw new Error([...unparked.values()][0]);
      rehydrated += parked.filter((entry) => entry.error instanceof RelayGaveUpError).length;
      logger.warn('Parked the events of a failed stream batch in the relay DLQ', {
        messageId: message.messageId,
        parkedCount: parked.length,
      });
    } catch (error) {
      logger.error('Could not rehydrate an on-failure record; it will be retried', {
        messageId: message.messageId,
        error: error instanceof Error ? error.message : String(error),
      });
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  if (rehydrated > 0) metrics.count(OUTBOX_METRICS.rehydrated, rehydrated);
  return { batchItemFailures };
}
