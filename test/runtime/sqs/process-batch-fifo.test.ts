import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BusinessRuleError, TransientError } from '../../../runtime/errors.ts';
import { processSqsBatch } from '../../../runtime/sqs/process-batch.ts';
import { FakeSqs, fakeContext, RecordingLogger, sqsEvent, sqsRecord } from './sqs-fixtures.ts';

const QUEUE = 'orders.fifo';

function fifoRecord(group: string, body: string): SQSRecord {
  return sqsRecord(body, { queue: QUEUE, groupId: group });
}

describe('processSqsBatch on a FIFO batch', () => {
  it('runs each group in order while groups run in parallel', async () => {
    const sqs = new FakeSqs();
    const records = [
      fifoRecord('a', 'a1'),
      fifoRecord('b', 'b1'),
      fifoRecord('a', 'a2'),
      fifoRecord('b', 'b2'),
      fifoRecord('a', 'a3'),
    ];
    const order: string[] = [];
    let running = 0;
    let peak = 0;

    await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 3));
        order.push(record.body);
        running -= 1;
      },
      { sqsClient: sqs.client, logger: new RecordingLogger() },
    );

    expect(order.filter((body) => body.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order.filter((body) => body.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(peak).toBe(2);
  });

  it('reports the failed message and every later one of its group, and lets other groups finish', async () => {
    const sqs = new FakeSqs();
    const records = [
      fifoRecord('a', 'a1'),
      fifoRecord('b', 'b1'),
      fifoRecord('a', 'a2-fails'),
      fifoRecord('b', 'b2'),
      fifoRecord('a', 'a3'),
      fifoRecord('b', 'b3'),
      fifoRecord('a', 'a4'),
    ];
    const ran: string[] = [];

    const response = await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        ran.push(record.body);
        if (record.body === 'a2-fails') throw new TransientError('inventory service timed out');
      },
      { sqsClient: sqs.client, logger: new RecordingLogger() },
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      [records[2], records[4], records[6]].map((record) => record?.messageId),
    );
    expect(ran).not.toContain('a3');
    expect(ran).not.toContain('a4');
    expect(ran.filter((body) => body.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
  });

  it('backs off the failed message and makes the held-back ones visible at once', async () => {
    const sqs = new FakeSqs();
    const records = [fifoRecord('a', 'fails'), fifoRecord('a', 'held-1'), fifoRecord('a', 'held-2')];

    await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        if (record.body === 'fails') throw new TransientError('timeout');
      },
      {
        sqsClient: sqs.client,
        logger: new RecordingLogger(),
        backoff: { baseSeconds: 10 },
        random: () => 0.5,
      },
    );

    expect(sqs.timeoutOf(records[0]?.receiptHandle ?? '')).toBe(5);
    expect(sqs.timeoutOf(records[1]?.receiptHandle ?? '')).toBe(0);
    expect(sqs.timeoutOf(records[2]?.receiptHandle ?? '')).toBe(0);
  });

  it('goes on with the group after a poison message is dead-lettered, keeping its group id', async () => {
    const sqs = new FakeSqs();
    const records = [fifoRecord('a', 'poison'), fifoRecord('a', 'next')];
    const ran: string[] = [];

    const response = await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        ran.push(record.body);
        if (record.body === 'poison') throw new BusinessRuleError('unknown product');
      },
      {
        sqsClient: sqs.client,
        logger: new RecordingLogger(),
        deadLetterQueueUrl: 'http://sqs.test/000000000000/orders-dlq.fifo',
      },
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ran).toEqual(['poison', 'next']);
    expect(sqs.sent[0]).toMatchObject({ MessageGroupId: 'a', MessageDeduplicationId: records[0]?.messageId });
  });

  it('stops the group when a poison message cannot be dead-lettered', async () => {
    const sqs = new FakeSqs();
    sqs.failSendMessage = new Error('QueueDoesNotExist');
    const records = [fifoRecord('a', 'poison'), fifoRecord('a', 'next')];

    const response = await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        if (record.body === 'poison') throw new BusinessRuleError('unknown product');
      },
      {
        sqsClient: sqs.client,
        logger: new RecordingLogger(),
        deadLetterQueueUrl: 'http://sqs.test/000000000000/orders-dlq.fifo',
      },
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.map((record) => record.messageId),
    );
  });

  it('reports the rest of a group unstarted when time runs out, without changing visibility', async () => {
    const sqs = new FakeSqs();
    let remaining = 60_000;
    const records = [fifoRecord('a', 'a1'), fifoRecord('a', 'a2'), fifoRecord('a', 'a3')];

    const response = await processSqsBatch(
      sqsEvent(records),
      async () => {
        remaining = 10;
      },
      { sqsClient: sqs.client, logger: new RecordingLogger(), context: fakeContext(() => remaining) },
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      records[1]?.messageId,
      records[2]?.messageId,
    ]);
    expect(sqs.visibility).toEqual([]);
  });

  it('treats records without a group id as one group when FIFO is forced', async () => {
    const sqs = new FakeSqs();
    const records = [sqsRecord('first'), sqsRecord('second')];
    const ran: string[] = [];

    const response = await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        ran.push(record.body);
        throw new TransientError('down');
      },
      { sqsClient: sqs.client, logger: new RecordingLogger(), fifo: true },
    );

    expect(ran).toEqual(['first']);
    expect(response.batchItemFailures).toHaveLength(2);
  });

  it('processes a FIFO-named queue concurrently when fifo is turned off', async () => {
    const sqs = new FakeSqs();
    const records = [fifoRecord('a', 'a1'), fifoRecord('a', 'a2')];
    let peak = 0;
    let running = 0;

    await processSqsBatch(
      sqsEvent(records),
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
      { sqsClient: sqs.client, logger: new RecordingLogger(), fifo: false },
    );

    expect(peak).toBe(2);
  });

  it('logs a held-back message whose visibility could not be reset, and still reports it', async () => {
    const sqs = new FakeSqs();
    const logger = new RecordingLogger();
    const records = [fifoRecord('a', 'fails'), fifoRecord('a', 'held')];
    sqs.rejectVisibilityOf.add(records[1]?.receiptHandle ?? '');

    const response = await processSqsBatch(
      sqsEvent(records),
      async () => {
        throw new TransientError('timeout');
      },
      { sqsClient: sqs.client, logger },
    );

    expect(response.batchItemFailures).toHaveLength(2);
    expect(
      logger.lines.find((line) => /held-back FIFO message/.test(line.message))?.attributes.messageId,
    ).toBe(records[1]?.messageId);
  });
});
