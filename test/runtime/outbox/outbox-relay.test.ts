import type { SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { FAILURE_ATTRIBUTES, type OutboxRoutes } from '../../../runtime/contract.ts';
import type { ConsumerLogger } from '../../../runtime/observability/logger.ts';
import { OUTBOX_METRICS, type OutboxMetrics } from '../../../runtime/outbox/outbox-metrics.ts';
import { type OutboxRelayOptions, relayStreamBatch } from '../../../runtime/outbox/outbox-relay.ts';
import {
  eventItem,
  insertOf,
  recordingSqs,
  STREAM_ARN,
  streamEvent,
  streamRecord,
} from './stream-fixtures.ts';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders';
const FIFO = 'https://sqs.us-east-1.amazonaws.com/000000000000/orders.fifo';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/000000000000/relay-dlq';
const ROUTES: OutboxRoutes = { OrderPlaced: [{ kind: 'sqs', destination: QUEUE }] };
const FAST = { retry: { attempts: 2, baseDelayMillis: 1, maxDelayMillis: 1 } };
const silent: ConsumerLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function options(
  sqs: ReturnType<typeof recordingSqs>,
  overrides: Partial<OutboxRelayOptions> = {},
): OutboxRelayOptions {
  return { routes: ROUTES, deadLetterQueueUrl: DLQ, sqs: sqs.client, logger: silent, ...FAST, ...overrides };
}

function recordingMetrics() {
  const counts: { name: string; value: number; dimensions?: Readonly<Record<string, string>> }[] = [];
  const timings: { name: string; values: readonly number[] }[] = [];
  const metrics: OutboxMetrics = {
    count: (name, value, dimensions) => counts.push({ name, value, ...(dimensions ? { dimensions } : {}) }),
    milliseconds: (name, values) => timings.push({ name, values }),
    flush: () => {},
  };
  return { metrics, counts, timings };
}

const sequencesIn = (bodies: string[]) => bodies.map((body) => JSON.parse(body).sequence as number);

describe('relayStreamBatch', () => {
  it('publishes inserted outbox events as Ferry envelopes and reports success', async () => {
    const sqs = recordingSqs();
    const event = streamEvent([insertOf(1, eventItem('a', 1)), insertOf(2, eventItem('a', 2))]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sqs.bodies(QUEUE).map((body) => JSON.parse(body))).toEqual([
      {
        id: 'evt-a-1',
        type: 'OrderPlaced',
        source: 'shop.orders',
        aggregateId: 'a',
        sequence: 1,
        occurredAt: '2026-01-01T00:00:00.000Z',
        data: { aggregateId: 'a', sequence: 1 },
      },
      expect.objectContaining({ id: 'evt-a-2', sequence: 2 }),
    ]);
  });

  it('never publishes MODIFY, REMOVE, TTL removals, counters or business items', async () => {
    const sqs = recordingSqs();
    const ttlRemoval = streamRecord(3, undefined, 'REMOVE', {
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    });
    const event = streamEvent([
      streamRecord(1, marshall(eventItem('a', 1)), 'MODIFY'),
      streamRecord(2, undefined, 'REMOVE'),
      ttlRemoval,
      streamRecord(4, marshall({ pk: 'order#a', sk: 'counter', ferryKind: 'counter', sequence: 1 })),
      streamRecord(5, marshall({ pk: 'ORDER#a', sk: 'ORDER', status: 'PENDING' })),
    ]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response.batchItemFailures).toEqual([]);
    expect(sqs.calls).toHaveLength(0);
  });

  it('sends to a FIFO queue with the aggregate id as group and the event id as deduplication id', async () => {
    const sqs = recordingSqs();
    const routes: OutboxRoutes = { OrderPlaced: [{ kind: 'sqs', destination: FIFO, fifo: true }] };

    await relayStreamBatch(streamEvent([insertOf(1, eventItem('a', 1))]), options(sqs, { routes }));

    expect(sqs.sent.get(FIFO)?.[0]).toMatchObject({ MessageGroupId: 'a', MessageDeduplicationId: 'evt-a-1' });
  });

  it('routes by event type, by aggregate type and with the catch-all', async () => {
    const sqs = recordingSqs();
    const routes: OutboxRoutes = {
      OrderPaid: [{ kind: 'sqs', destination: `${QUEUE}-paid` }],
      'aggregate:order': [{ kind: 'sqs', destination: `${QUEUE}-orders` }],
      '*': [{ kind: 'sqs', destination: `${QUEUE}-all` }],
    };
    const event = streamEvent([
      insertOf(1, eventItem('a', 1)),
      insertOf(2, eventItem('a', 2, { type: 'OrderPaid' })),
      insertOf(3, eventItem('u', 1, { aggregateType: 'user', pk: 'user#u', type: 'UserCreated' })),
    ]);

    await relayStreamBatch(event, options(sqs, { routes }));

    expect(sequencesIn(sqs.bodies(`${QUEUE}-paid`))).toEqual([2]);
    expect(sqs.bodies(`${QUEUE}-orders`)).toHaveLength(2);
    expect(sqs.bodies(`${QUEUE}-all`)).toHaveLength(3);
  });

  it('parks an event without a route in the relay DLQ with its reason and counts it handled', async () => {
    const sqs = recordingSqs();
    const event = streamEvent([
      insertOf(7, eventItem('a', 1, { type: 'Unrouted' })),
      insertOf(8, eventItem('a', 2)),
    ]);

    const response = await relayStreamBatch(event, options(sqs));

    const [parked] = sqs.sent.get(DLQ) ?? [];
    expect(response.batchItemFailures).toEqual([]);
    expect(JSON.parse(parked?.MessageBody ?? '')).toMatchObject({ id: 'evt-a-1', type: 'Unrouted' });
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('NoRouteError');
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.sourceQueue]?.StringValue).toBe(STREAM_ARN);
    expect(parked?.MessageAttributes?.['ferry.stream.sequence-number']?.StringValue).toBe('7');
    expect(sequencesIn(sqs.bodies(QUEUE))).toEqual([2]);
  });

  it('parks an undecodable outbox item whole, as its stream record', async () => {
    const sqs = recordingSqs();
    const broken = streamRecord(
      4,
      marshall({ pk: 'order#a', sk: '000000000001', ferryKind: 'event', id: 'x' }),
    );

    const response = await relayStreamBatch(streamEvent([broken]), options(sqs));

    const [parked] = sqs.sent.get(DLQ) ?? [];
    expect(response.batchItemFailures).toEqual([]);
    expect(JSON.parse(parked?.MessageBody ?? '')).toEqual(broken);
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe(
      'UndecodableOutboxItemError',
    );
  });

  it('reports the lowest failed sequence number and holds back the rest of that aggregate only', async () => {
    const sqs = recordingSqs((body) => body.includes('"evt-a-2"') || body.includes('"evt-b-1"'));
    const event = streamEvent([
      insertOf(100, eventItem('a', 1)),
      insertOf(101, eventItem('b', 1)),
      insertOf(102, eventItem('a', 2)),
      insertOf(103, eventItem('c', 1)),
      insertOf(104, eventItem('a', 3)),
    ]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(sqs.bodies(QUEUE).map((body) => JSON.parse(body).id)).toEqual(['evt-a-1', 'evt-c-1']);
  });

  it("publishes an aggregate's events in sequence order when the stream gives them out of order", async () => {
    const sqs = recordingSqs();
    const event = streamEvent([
      insertOf(10, eventItem('a', 2)),
      insertOf(11, eventItem('b', 1)),
      insertOf(12, eventItem('a', 1)),
    ]);

    await relayStreamBatch(event, options(sqs));

    const published = sqs.bodies(QUEUE).map((body) => JSON.parse(body));
    const ofA = published
      .filter((envelope) => envelope.aggregateId === 'a')
      .map((envelope) => envelope.sequence);
    expect(ofA).toEqual([1, 2]);
  });

  it('reports a held-back event that came earlier in the stream than the failed one', async () => {
    const sqs = recordingSqs((body) => body.includes('"evt-a-1"'));
    const event = streamEvent([insertOf(20, eventItem('a', 2)), insertOf(21, eventItem('a', 1))]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '20' }]);
    expect(sqs.bodies(QUEUE)).toEqual([]);
  });

  it('compares sequence numbers as numbers, not text', async () => {
    const sqs = recordingSqs((body) => body.includes('"evt-a-1"') || body.includes('"evt-b-1"'));
    const event = streamEvent([insertOf('99', eventItem('a', 1)), insertOf('100', eventItem('b', 1))]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '99' }]);
  });

  it('reports a poison event whose parking fails, so it is retried instead of lost', async () => {
    const sqs = recordingSqs((_, queueUrl) => queueUrl === DLQ);
    const event = streamEvent([insertOf(5, eventItem('a', 1, { type: 'Unrouted' }))]);

    const response = await relayStreamBatch(event, options(sqs));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '5' }]);
  });

  it('parks an event too large for one target and still publishes it to the others', async () => {
    const sqs = recordingSqs();
    const published: string[] = [];
    const sns = {
      send: async () => {
        published.push('sns');
        return { Successful: [], Failed: [] };
      },
    } as unknown as SNSClient;
    const routes: OutboxRoutes = {
      OrderPlaced: [
        { kind: 'sqs', destination: QUEUE },
        { kind: 'sns', destination: 'arn:aws:sns:us-east-1:000000000000:orders' },
      ],
    };
    const big = eventItem('a', 1, { data: JSON.stringify({ blob: 'x'.repeat(300_000) }) });

    const response = await relayStreamBatch(streamEvent([insertOf(1, big)]), options(sqs, { routes, sns }));

    const [parked] = sqs.sent.get(DLQ) ?? [];
    expect(response.batchItemFailures).toEqual([]);
    expect(sqs.bodies(QUEUE)).toHaveLength(1);
    expect(published).toEqual([]);
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe(
      'TargetRejectedError',
    );
    expect(parked?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorMessage]?.StringValue).toContain(
      '262144-byte limit',
    );
  });

  it('counts events per target, failures, poison and the lag of each published event', async () => {
    const sqs = recordingSqs((body) => body.includes('"evt-b-1"'));
    const { metrics, counts, timings } = recordingMetrics();
    const event = streamEvent([
      insertOf(1, eventItem('a', 1)),
      insertOf(2, eventItem('b', 1)),
      insertOf(3, eventItem('c', 1, { type: 'Unrouted' })),
    ]);
    const now = () => Date.parse('2026-01-01T00:00:01.500Z');

    await relayStreamBatch(event, options(sqs, { metrics, now }));

    expect(counts).toEqual([
      { name: OUTBOX_METRICS.published, value: 1, dimensions: { target: 'sqs:orders' } },
      { name: OUTBOX_METRICS.publishFailures, value: 1 },
      { name: OUTBOX_METRICS.poisonParked, value: 1 },
    ]);
    expect(timings).toEqual([{ name: OUTBOX_METRICS.lag, values: [1_500] }]);
  });
});
