import { beforeAll, describe, expect, it } from 'vitest';
import type { OutboxRoutes } from '../../../runtime/contract.ts';
import { OutboxWriter } from '../../../runtime/outbox/outbox-writer.ts';
import { replayOutbox } from '../../../runtime/outbox/replay.ts';
import { createOutboxTable } from '../../support/outbox-table.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';
import { recordingSqs } from './stream-fixtures.ts';

const FAST = { retry: { attempts: 2, baseDelayMillis: 1, maxDelayMillis: 1 } };

describe('replayOutbox', () => {
  let tableName: string;
  const times = ['2026-02-01T10:00:00.000Z', '2026-02-01T11:00:00.000Z', '2026-02-01T12:00:00.000Z'];

  beforeAll(async () => {
    ({ tableName } = await createOutboxTable());
    let tick = 0;
    const writer = new OutboxWriter({
      tableName,
      source: 'shop.orders',
      now: () => new Date(times[tick] ?? ''),
    });
    for (; tick < times.length; tick += 1) {
      await writer.write(
        [],
        [
          { aggregateType: 'order', aggregateId: 'a', type: 'OrderTouched', data: { tick } },
          { aggregateType: 'order', aggregateId: 'b', type: 'OrderTouched', data: { tick } },
        ],
      );
    }
  });

  it('publishes one aggregate again, in sequence order', async () => {
    const queueUrl = await createQueue('replay');
    const routes: OutboxRoutes = { OrderTouched: [{ kind: 'sqs', destination: queueUrl }] };

    const report = await replayOutbox({
      tableName,
      routes,
      select: { aggregateType: 'order', aggregateId: 'a' },
    });

    const received = await drainQueue(queueUrl, { expected: 3 });
    expect(report).toMatchObject({ read: 3, published: 3, failed: [], poison: [] });
    expect(received.map((message) => JSON.parse(message.Body ?? '').sequence).sort()).toEqual([1, 2, 3]);
    expect(received.every((message) => JSON.parse(message.Body ?? '').aggregateId === 'a')).toBe(true);
  });

  it('limits an aggregate replay to a sequence range', async () => {
    const sqs = recordingSqs();
    const routes: OutboxRoutes = { OrderTouched: [{ kind: 'sqs', destination: 'q' }] };

    const report = await replayOutbox({
      tableName,
      routes,
      sqs: sqs.client,
      select: { aggregateType: 'order', aggregateId: 'b', fromSequence: 2, toSequence: 2 },
    });

    expect(report.published).toBe(1);
    expect(sqs.bodies('q').map((body) => JSON.parse(body).sequence)).toEqual([2]);
  });

  it('publishes every event of a time range across pages', async () => {
    const sqs = recordingSqs();
    const routes: OutboxRoutes = { OrderTouched: [{ kind: 'sqs', destination: 'q' }] };

    const report = await replayOutbox({
      tableName,
      routes,
      sqs: sqs.client,
      pageSize: 2,
      select: { from: new Date('2026-02-01T10:30:00.000Z'), to: new Date('2026-02-01T12:00:00.000Z') },
    });

    expect(report.published).toBe(4);
    expect(
      sqs
        .bodies('q')
        .map((body) => JSON.parse(body).data.tick)
        .sort(),
    ).toEqual([1, 1, 2, 2]);
  });

  it('holds back the later events of an aggregate after one fails, and reports both', async () => {
    const sqs = recordingSqs((body) => JSON.parse(body).sequence === 2);
    const routes: OutboxRoutes = { OrderTouched: [{ kind: 'sqs', destination: 'q' }] };

    const report = await replayOutbox({
      ...FAST,
      tableName,
      routes,
      sqs: sqs.client,
      pageSize: 1,
      select: { aggregateType: 'order', aggregateId: 'a' },
    });

    expect(report.published).toBe(1);
    expect(report.failed.map((problem) => problem.sequence)).toEqual([2, 3]);
    expect(report.failed[1]?.reason).toContain('held back behind');
  });

  it('lists events without a route as poison', async () => {
    const report = await replayOutbox({
      tableName,
      routes: {},
      select: { aggregateType: 'order', aggregateId: 'a' },
    });

    expect(report.poison).toHaveLength(3);
    expect(report.poison[0]?.reason).toContain("No route for event type 'OrderTouched'");
  });
});
