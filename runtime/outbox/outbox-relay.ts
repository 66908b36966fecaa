import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { OutboxRoutes } from '../contract.ts';
import { type ConsumerLogger, defaultLogger } from '../observability/logger.ts';
import { defaultSqsClient } from '../sqs/sqs-client.ts';
import { NO_OUTBOX_METRICS, OUTBOX_METRICS, type OutboxMetrics } from './outbox-metrics.ts';
import { type ParkedEvent, parkEvents } from './park-events.ts';
import { publishRouted, type RoutedEvent, type RoutePublisherDeps } from './route-publisher.ts';
import { type ClassifiedRecord, classifyStreamRecord, compareSequenceNumbers } from './stream-record.ts';

/** Options of {@link relayStreamBatch}. */
export interface OutboxRelayOptions extends RoutePublisherDeps {
  readonly routes: OutboxRoutes;
  /** The relay DLQ (standard queue) poison events are parked in. */
  readonly deadLetterQueueUrl: string;
  /** @default NO_OUTBOX_METRICS */
  readonly metrics?: OutboxMetrics;
  /** @default the process-wide Powertools logger */
  readonly logger?: ConsumerLogger;
  /** @default Date.now */
  readonly now?: () => number;
}

interface Poison extends ParkedEvent {
  readonly sequenceNumber: string;
}

function poisonOf(record: DynamoDBRecord, classified: ClassifiedRecord, error: unknown): Poison {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
  const common = { ref: sequenceNumber, error, streamArn: record.eventSourceARN, sequenceNumber };
  if (classified.kind === 'event') {
    return {
      ...common,
      body: JSON.stringify(classified.envelope),
      originalId: classified.envelope.id,
      eventType: classified.envelope.type,
      occurredAt: classified.envelope.occurredAt,
    };
  }
  return { ...common, body: JSON.stringify(record), originalId: record.eventID ?? '' };
}

/**
 * `events` with each aggregate's events in sequence order, in the slots the aggregate held in
 * stream order. The stream keeps order per item, but the items of one transaction (several
 * events of an aggregate) may come in any order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
 */
export function inSequenceOrder(events: readonly RoutedEvent[]): RoutedEvent[] {
  const byAggregate = new Map<string, RoutedEvent[]>();
  for (const event of events) {
    const group = byAggregate.get(event.aggregateKey) ?? [];
    group.push(event);
    byAggregate.set(event.aggregateKey, group);
  }
  for (const group of byAggregate.values()) {
    group.sort((a, b) => (a.envelope.sequence ?? 0) - (b.envelope.sequence ?? 0));
  }
  const next = new Map<string, number>();
  return events.map((event) => {
    const index = next.get(event.aggregateKey) ?? 0;
    next.set(event.aggregateKey, index + 1);
    return byAggregate.get(event.aggregateKey)?.[index] ?? event;
  });
}

/**
 * The outbox relay: publishes the outbox events of one DynamoDB stream batch and answers with the
 * partial batch response the stream event source mapping expects (`ReportBatchItemFailures` on).
 *
 * - Only INSERTs of outbox event items are published; everything else is skipped.
 * - Events go to the targets their routes name, in batches, concurrently across targets, in
 *   sequence order per aggregate (see `publishRouted`), even when one transaction's events came
 *   out of the stream in another order.
 * - Poison events (no route, undecodable, too large or rejected by a target) are parked whole in
 *   the relay DLQ with the reason and count as handled, so the shard never stalls on them.
 * - An event not delivered after retries (or one that could not be parked) is reported: the
 *   response names the LOWEST such sequence number, from which Lambda replays the rest of the
 *   batch. Later events of its aggregate were held back; other aggregates' events were published
 *   and will be published again (consumers deduplicate on the event id). Nothing is lost.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
export async function relayStreamBatch(
  event: DynamoDBStreamEvent,
  options: OutboxRelayOptions,
): Promise<DynamoDBBatchResponse> {
  const metrics = options.metrics ?? NO_OUTBOX_METRICS;
  const logger = options.logger ?? defaultLogger();
  const now = options.now ?? Date.now;
  const sqs: SQSClient = options.sqs ?? defaultSqsClient();
  const events: RoutedEvent[] = [];
  const classifiedByRef = new Map<string, { record: DynamoDBRecord; classified: ClassifiedRecord }>();
  const poison: Poison[] = [];
  for (const record of event.Records) {
    const classified = classifyStreamRecord(record);
    if (classified.kind === 'ignored') continue;
    classifiedByRef.set(classified.sequenceNumber, { record, classified });
    if (classified.kind === 'undecodable') poison.push(poisonOf(record, classified, classified.error));
    else {
      events.push({
        ref: classified.sequenceNumber,
        envelope: classified.envelope,
        aggregateType: classified.item.aggregateType,
        aggregateKey: classified.item.pk,
      });
    }
  }

  const report = await publishRouted(inSequenceOrder(events), options.routes, { ...options, sqs });
  const publishedAt = now();
  const lags: number[] = [];
  const failed = new Map<string, string>();
  for (const routed of events) {
    const result = report.results.get(routed.ref);
    if (result?.status === 'failed') failed.set(routed.ref, result.reason);
    else if (result?.status === 'poison') {
      const entry = classifiedByRef.get(routed.ref);
      if (entry) poison.push(poisonOf(entry.record, entry.classified, result.error));
    } else lags.push(Math.max(0, publishedAt - Date.parse(routed.envelope.occurredAt)));
  }
  const unparked = await parkEvents(sqs, options.deadLetterQueueUrl, poison, options);
  for (const [ref, reason] of unparked) failed.set(ref, reason);

  for (const [label, count] of report.publishedPerTarget)
    metrics.count(OUTBOX_METRICS.published, count, { target: label });
  metrics.milliseconds(OUTBOX_METRICS.lag, lags);
  if (failed.size > 0) metrics.count(OUTBOX_METRICS.publishFailures, failed.size);
  if (poison.length > unparked.size)
    metrics.count(OUTBOX_METRICS.poisonParked, poison.length - unparked.size);
  for (const parked of poison) {
    if (unparked.has(parked.ref)) continue;
    const { name, message } =
      parked.error instanceof Error ? parked.error : { name: 'Error', message: String(parked.error) };
    logger.warn('Parked a poison outbox event in the relay DLQ', {
      sequenceNumber: parked.sequenceNumber,
      eventId: parked.originalId,
      reason: name,
      detail: message,
    });
  }
  if (failed.size === 0) return { batchItemFailures: [] };
  const lowest = [...failed.keys()].sort(compareSequenceNumbers)[0] as string;
  logger.error('Outbox events were not published; Lambda will retry from the lowest failed sequence number', {
    lowestSequenceNumber: lowest,
    failedCount: failed.size,
    firstReason: failed.get(lowest),
  });
  return { batchItemFailures: [{ itemIdentifier: lowest }] };
}
