import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWriter } from '../../../runtime/outbox/outbox-writer.ts';
import { createOutboxTable } from '../../support/outbox-table.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';
import { startFakeLocalCloud } from '../support/fake-local-cloud.ts';
import { runFerry } from '../support/ferry-cli.ts';

const envelopeOf = (body: string | undefined) =>
  JSON.parse(body ?? '{}') as { aggregateId: string; sequence: number; occurredAt: string };

describe('ferry outbox replay', () => {
  let tableName: string;
  let queueUrl: string;
  let cloud: { url: string; close(): Promise<void> };
  const times = ['2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z', '2026-03-01T12:00:00.000Z'];

  beforeAll(async () => {
    ({ tableName } = await createOutboxTable());
    queueUrl = await createQueue('ops-replay');
    let tick = 0;
    const writer = new OutboxWriter({
      tableName,
      source: 'shop.orders',
      now: () => new Date(times[tick] ?? ''),
    });
    for (; tick < times.length; tick += 1) {
      await writer.write(
        [],
        ['a', 'b'].map((aggregateId) => ({
          aggregateType: 'Order',
          aggregateId,
          type: 'OrderTouched',
          data: { tick },
        })),
      );
    }
    cloud = await startFakeLocalCloud({
      tables: [{ logicalId: 'OutboxTable1234', name: tableName }],
      outboxes: [
        {
          table: tableName,
          routes: JSON.stringify({ OrderTouched: [{ kind: 'sqs', destination: queueUrl }] }),
        },
      ],
    });
  });

  afterAll(() => cloud.close());

  it("replays one aggregate through the local cloud relay's table and routes", async () => {
    const run = await runFerry(['outbox', 'replay', '--aggregate', 'Order#a', '--local', cloud.url]);

    const received = await drainQueue(queueUrl, { expected: 3 });
    expect(run.stdout).toBe('read 3, published 3, failed 0, poison 0\n');
    expect(received.map((message) => envelopeOf(message.Body).sequence).sort()).toEqual([1, 2, 3]);
    expect(received.every((message) => envelopeOf(message.Body).aggregateId === 'a')).toBe(true);
  });

  it('replays a time range with the table and routes given on the command line, as JSON', async () => {
    const toUrl = await createQueue('ops-replay-to');
    const routesFile = join(tmpdir(), `ferry-routes-${process.pid}.json`);
    await writeFile(routesFile, JSON.stringify({ '*': [{ kind: 'sqs', destination: toUrl }] }));

    const run = await runFerry([
      'outbox',
      'replay',
      '--since',
      '2026-03-01T10:30:00Z',
      '--until',
      '2026-03-01T11:30:00Z',
      '--table',
      tableName,
      '--routes',
      `@${routesFile}`,
      '--json',
      '--local',
      cloud.url,
    ]);

    const received = await drainQueue(toUrl, { expected: 2 });
    expect(JSON.parse(run.stdout)).toMatchObject({
      table: tableName,
      read: 2,
      published: 2,
      failed: [],
      poison: [],
    });
    expect(received.map((message) => envelopeOf(message.Body).occurredAt)).toEqual([times[1], times[1]]);
  });

  it('fails with exit code 2 when neither --aggregate nor --since says what to replay', async () => {
    const run = await runFerry(['outbox', 'replay', '--local', cloud.url]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/say what to replay: --aggregate TYPE#ID, or --since TIME/);
  });

  it('fails with exit code 2 when --aggregate has no type', async () => {
    const run = await runFerry(['outbox', 'replay', '--aggregate', 'a', '--local', cloud.url]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--aggregate needs the aggregate type: --aggregate Order#a/);
  });
});
