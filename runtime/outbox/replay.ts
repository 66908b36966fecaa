import {
  type AttributeValue,
  DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { OutboxRoutes } from '../contract.ts';
import { describeError } from '../errors.ts';
import {
  aggregateKey,
  decodeEventItem,
  eventSortKey,
  OUTBOX_KIND_ATTRIBUTE,
  OUTBOX_KINDS,
  SEQUENCE_DIGITS,
} from './outbox-item.ts';
import { publishRouted, type RoutedEvent, type RoutePublisherDeps } from './route-publisher.ts';

/** Which stored events to publish again. */
export type ReplaySelection =
  /** One aggregate's events, optionally a sequence range (inclusive). Query: cheap. */
  | {
      readonly aggregateType: string;
      readonly aggregateId: string;
      readonly fromSequence?: number;
      readonly toSequence?: number;
    }
  /** Every event whose `occurredAt` is in [from, to]. A filtered Scan of the whole table: a recovery tool. */
  | { readonly from: Date; readonly to: Date };

/** Options of {@link replayOutbox}. */
export interface ReplayOptions extends RoutePublisherDeps {
  readonly tableName: string;
  readonly routes: OutboxRoutes;
  readonly select: ReplaySelection;
  /** The writer's `sortKeyPrefix`. @default '' */
  readonly sortKeyPrefix?: string;
  /** @default a new client */
  readonly dynamodb?: DynamoDBClient;
  /** Items per Query or Scan page. @default 500 */
  readonly pageSize?: number;
}

/** One event a replay could not publish, and why. */
export interface ReplayProblem {
  readonly eventId: string;
  readonly sequence?: number;
  readonly reason: string;
}

/** What a replay did. */
export interface ReplayReport {
  /** Outbox events read. */
  readonly read: number;
  readonly published: number;
  /** Not delivered after retries (or held back behind such an event of the same aggregate): replay again. */
  readonly failed: ReplayProblem[];
  /** Never publishable (no route, too large, rejected, undecodable): fix and redrive by hand. */
  readonly poison: ReplayProblem[];
  /** Publish API calls made. */
  readonly calls: number;
}

function firstPage(options: ReplayOptions): QueryCommandInput | ScanCommandInput {
  const prefix = options.sortKeyPrefix ?? '';
  const common = {
    TableName: options.tableName,
    ConsistentRead: true,
    Limit: options.pageSize ?? 500,
    ExpressionAttributeNames: { '#kind': OUTBOX_KIND_ATTRIBUTE },
  };
  const select = options.select;
  if ('aggregateId' in select) {
    return {
      ...common,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      FilterExpression: '#kind = :event',
      ExpressionAttributeValues: {
        ':pk': { S: aggregateKey(select.aggregateType, select.aggregateId) },
        ':low': { S: eventSortKey(select.fromSequence ?? 1, prefix) },
        ':high': { S: eventSortKey(select.toSequence ?? 10 ** SEQUENCE_DIGITS - 1, prefix) },
        ':event': { S: OUTBOX_KINDS.event },
      },
    };
  }
  return {
    ...common,
    FilterExpression: '#kind = :event AND occurredAt BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':event': { S: OUTBOX_KINDS.event },
      ':from': { S: select.from.toISOString() },
      ':to': { S: select.to.toISOString() },
    },
  };
}

/**
 * Publishes stored outbox events again, through the relay's publisher and routes: one aggregate
 * (Query) or a time range (paginated Scan with a filter; the outbox table has no index for time).
 * Events of an aggregate go out in sequence order; after one fails, its later ones are held back
 * (also across pages) and reported as failed. Consumers deduplicate on the event id, so a replay
 * of events that were published already is harmless. Nothing is parked: the report lists every
 * event that did not go out, for the person running the recovery.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
 */
export async function replayOutbox(options: ReplayOptions): Promise<ReplayReport> {
  const dynamodb = options.dynamodb ?? new DynamoDBClient({});
  const byAggregate = 'aggregateId' in options.select;
  const input = firstPage(options);
  const report = {
    read: 0,
    published: 0,
    failed: [] as ReplayProblem[],
    poison: [] as ReplayProblem[],
    calls: 0,
  };
  const heldBack = new Map<string, string>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = byAggregate
      ? await dynamodb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }))
      : await dynamodb.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey }));
    startKey = page.LastEvaluatedKey;
    const events: RoutedEvent[] = [];
    for (const image of page.Items ?? []) {
      report.read += 1;
      try {
        const { item, envelope } = decodeEventItem(image);
        const blocker = heldBack.get(item.pk);
        if (blocker)
          report.failed.push({
            eventId: item.id,
            sequence: item.sequence,
            reason: `held back behind ${blocker}`,
          });
        else
          events.push({ ref: item.id, envelope, aggregateType: item.aggregateType, aggregateKey: item.pk });
      } catch (error) {
        report.poison.push({ eventId: image.id?.S ?? 'unknown', reason: describeError(error).message });
      }
    }
    events.sort((a, b) =>
      a.aggregateKey === b.aggregateKey
        ? (a.envelope.sequence ?? 0) - (b.envelope.sequence ?? 0)
        : a.aggregateKey.localeCompare(b.aggregateKey),
    );
    const published = await publishRouted(events, options.routes, options);
    report.calls += published.calls;
    for (const event of events) {
      const result = published.results.get(event.ref);
      const problem = { eventId: event.envelope.id, sequence: event.envelope.sequence };
      if (result?.status === 'published') report.published += 1;
      else if (result?.status === 'poison') report.poison.push({ ...problem, reason: result.error.message });
      else {
        report.failed.push({ ...problem, reason: result?.status === 'failed' ? result.reason : 'no result' });
        if (!heldBack.has(event.aggregateKey)) heldBack.set(event.aggregateKey, event.envelope.id);
      }
    }
  } while (startKey);
  return report;
}
