import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FerryEnvelope, OutboxRoutes, OutboxTarget } from '../contract.ts';
import { defaultEventBridgeClient, defaultSnsClient } from '../producer/clients.ts';
import { eventBridgeChannel } from '../producer/eventbridge-channel.ts';
import {
  type ItemOutcome,
  type PublishInBatchesOptions,
  publishInBatches,
} from '../producer/publish-in-batches.ts';
import { snsChannel } from '../producer/sns-channel.ts';
import { sqsChannel } from '../producer/sqs-channel.ts';
import { defaultSqsClient } from '../sqs/sqs-client.ts';
import { NoRouteError, TargetRejectedError } from './errors.ts';
import { resolveTargets, targetKey, targetLabel } from './routes.ts';

/** An event to publish, in stream (or sequence) order. */
export interface RoutedEvent {
  /** Unique in one call: the stream sequence number, or the event id in a replay. */
  readonly ref: string;
  readonly envelope: FerryEnvelope;
  readonly aggregateType: string;
  /** Events of one aggregate are published in order and stop at the first failure. */
  readonly aggregateKey: string;
}

/** Clients and limits of the publisher. */
export interface RoutePublisherDeps extends PublishInBatchesOptions {
  readonly sqs?: SQSClient;
  readonly sns?: SNSClient;
  readonly eventBridge?: EventBridgeClient;
  /** `MaximumMessageSize` of the SNS topics. @default 262144 */
  readonly snsMaxMessageBytes?: number;
  /** PutEvents request limit. @default EVENTBRIDGE_MAX_REQUEST_BYTES */
  readonly eventBridgeMaxRequestBytes?: number;
}

/** What happened to one event across its targets. */
export type EventResult =
  | { readonly status: 'published' }
  /** Not delivered to some target after retries, or held back behind such an event: retry it. */
  | { readonly status: 'failed'; readonly reason: string }
  /** Never publishable to some target (no route, too large, rejected): park it. */
  | { readonly status: 'poison'; readonly error: Error };

/** The result of {@link publishRouted}. */
export interface RoutedReport {
  readonly results: ReadonlyMap<string, EventResult>;
  /** Events delivered, per target label (see `targetLabel`). */
  readonly publishedPerTarget: ReadonlyMap<string, number>;
  readonly calls: number;
}

function publishTo(target: OutboxTarget, events: readonly RoutedEvent[], deps: RoutePublisherDeps) {
  // One event per aggregate per call on every target: a call may fail one entry and deliver the
  // next, and then a later event of the aggregate would be out before an earlier one.
  const options = { ...deps, oneItemPerGroupPerCall: true };
  const body = (event: RoutedEvent) => JSON.stringify(event.envelope);
  const fifo = (event: RoutedEvent) =>
    target.fifo
      ? { groupId: event.envelope.aggregateId ?? event.aggregateKey, deduplicationId: event.envelope.id }
      : {};
  switch (target.kind) {
    case 'sqs':
      return publishInBatches(
        sqsChannel(deps.sqs ?? defaultSqsClient(), target.destination),
        events.map((event) => ({
          id: event.ref,
          group: event.aggregateKey,
          entry: { body: body(event), ...fifo(event) },
        })),
        options,
      );
    case 'sns':
      return publishInBatches(
        snsChannel(deps.sns ?? defaultSnsClient(), target.destination, deps.snsMaxMessageBytes),
        events.map((event) => ({
          id: event.ref,
          group: event.aggregateKey,
          entry: { message: body(event), ...fifo(event) },
        })),
        options,
      );
    case 'eventbridge':
      return publishInBatches(
        eventBridgeChannel(
          deps.eventBridge ?? defaultEventBridgeClient(),
          target.destination,
          deps.eventBridgeMaxRequestBytes,
        ),
        events.map((event) => ({
          id: event.ref,
          group: event.aggregateKey,
          entry: {
            source: event.envelope.source,
            detailType: event.envelope.type,
            detail: body(event),
            time: new Date(event.envelope.occurredAt),
          },
        })),
        options,
      );
  }
}

function describeOutcome(label: string, outcome: ItemOutcome): string {
  switch (outcome.status) {
    case 'too-large':
      return `${label}: ${outcome.sizeBytes} bytes is over its ${outcome.limitBytes}-byte limit`;
    case 'rejected':
    case 'failed':
      return `${label}: ${outcome.code}: ${outcome.message}`;
    case 'skipped':
      return `${label}: held back behind ${outcome.blockedBy}`;
    case 'published':
      return `${label}: published`;
  }
}

/**
 * Publishes each event to every target its type (and aggregate type, and `*`) routes to: targets
 * concurrently, each in batches of up to 10 (at most one event per aggregate in a call, so
 * batches fill up across aggregates), in order per aggregate. An event fails when some target did not
 * take it after retries (or an earlier event of its aggregate failed there); it is poison when
 * it has no route, or some target can never take it (too large, rejected), while the other
 * targets still got it.
 */
export async function publishRouted(
  events: readonly RoutedEvent[],
  routes: OutboxRoutes,
  deps: RoutePublisherDeps = {},
): Promise<RoutedReport> {
  const results = new Map<string, EventResult>();
  const byTarget = new Map<string, { target: OutboxTarget; events: RoutedEvent[] }>();
  for (const event of events) {
    const targets = resolveTargets(routes, event.envelope.type, event.aggregateType);
    if (targets.length === 0) {
      results.set(event.ref, {
        status: 'poison',
        error: new NoRouteError(
          `No route for event type '${event.envelope.type}' (aggregate type '${event.aggregateType}'); add a route for it or '*', then redrive the parked event.`,
        ),
      });
      continue;
    }
    for (const target of targets) {
      const key = targetKey(target);
      const entry = byTarget.get(key) ?? { target, events: [] };
      entry.events.push(event);
      byTarget.set(key, entry);
    }
  }
  const reports = await Promise.all(
    [...byTarget.values()].map(async ({ target, events: routed }) => ({
      label: targetLabel(target),
      report: await publishTo(target, routed, deps),
    })),
  );
  const failed = new Map<string, string[]>();
  const refused = new Map<string, string[]>();
  const publishedPerTarget = new Map<string, number>();
  let calls = 0;
  for (const { label, report } of reports) {
    calls += report.calls;
    for (const [ref, outcome] of report.outcomes) {
      if (outcome.status === 'published') {
        publishedPerTarget.set(label, (publishedPerTarget.get(label) ?? 0) + 1);
        continue;
      }
      const bucket = outcome.status === 'failed' || outcome.status === 'skipped' ? failed : refused;
      bucket.set(ref, [...(bucket.get(ref) ?? []), describeOutcome(label, outcome)]);
    }
  }
  for (const event of events) {
    if (results.has(event.ref)) continue;
    const failures = failed.get(event.ref);
    const refusals = refused.get(event.ref);
    if (failures) results.set(event.ref, { status: 'failed', reason: failures.join('; ') });
    else if (refusals) {
      results.set(event.ref, {
        status: 'poison',
        error: new TargetRejectedError(
          `Event ${event.envelope.id} can never be published to ${refusals.join('; ')}. Its other targets got it; shrink or fix the event and redrive it to these targets.`,
        ),
      });
    } else results.set(event.ref, { status: 'published' });
  }
  return { results, publishedPerTarget, calls };
}
