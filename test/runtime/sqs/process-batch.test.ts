import { describe, expect, it } from 'vitest';
import { CONSUMER_METRICS } from '../../../runtime/contract.ts';
import { TransientError } from '../../../runtime/errors.ts';
import { processSqsBatch } from '../../../runtime/sqs/process-batch.ts';
import {
  FakeSqs,
  fakeContext,
  RecordingLogger,
  RecordingMetrics,
  sqsEvent,
  sqsRecord,
} from './sqs-fixtures.ts';

const failOn =
  (bodies: readonly string[], error: () => Error = () => new TransientError('dependency down')) =>
  async (record: { body: string }): Promise<void> => {
    if (bodies.includes(record.body)) throw error();
  };

function setup() {
  return { sqs: new FakeSqs(), logger: new RecordingLogger(), metrics: new RecordingMetrics() };
}

describe('processSqsBatch', () => {
  it('answers an empty batchItemFailures list when every record succeeds', async () => {
    const { sqs, logger } = setup();
    const event = sqsEvent([sqsRecord('a'), sqsRecord('b')]);

    const response = await processSqsBatch(event, async () => {}, { sqsClient: sqs.client, logger });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sqs.visibility).toEqual([]);
  });

  it('answers an empty list for an empty batch', async () => {
    const { sqs, logger } = setup();

    const response = await processSqsBatch(sqsEvent([]), async () => {}, { sqsClient: sqs.client, logger });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(logger.lines).toEqual([]);
  });

  it('reports only the records that failed', async () => {
    const { sqs, logger } = setup();
    const records = [sqsRecord('ok-1'), sqsRecord('bad'), sqsRecord('ok-2')];

    const response = await processSqsBatch(sqsEvent(records), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.messageId }]);
  });

  it('returns the full list, logs an error and counts a metric when every record fails', async () => {
    const { sqs, logger, metrics } = setup();
    const records = [sqsRecord('x'), sqsRecord('y'), sqsRecord('z')];

    const response = await processSqsBatch(sqsEvent(records), failOn(['x', 'y', 'z']), {
      sqsClient: sqs.client,
      logger,
      metrics,
    });

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.map((record) => record.messageId),
    );
    expect(logger.lines.some((line) => line.level === 'error' && /Every message/.test(line.message))).toBe(
      true,
    );
    expect(metrics.total(CONSUMER_METRICS.batchFullyFailed)).toBe(1);
  });

  it('lists a message id once even when the batch holds it twice', async () => {
    const { sqs, logger } = setup();
    const records = [sqsRecord('bad', { messageId: 'same' }), sqsRecord('bad', { messageId: 'same' })];

    const response = await processSqsBatch(sqsEvent(records), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'same' }]);
  });

  it('counts a batch whose records all failed as fully failed even when an id repeats', async () => {
    const { sqs, logger, metrics } = setup();
    const records = [sqsRecord('bad', { messageId: 'twice' }), sqsRecord('bad', { messageId: 'twice' })];

    await processSqsBatch(sqsEvent(records), failOn(['bad']), { sqsClient: sqs.client, logger, metrics });

    expect(metrics.total(CONSUMER_METRICS.batchFullyFailed)).toBe(1);
  });

  it('treats a thrown non-Error as a transient failure', async () => {
    const { sqs, logger } = setup();
    const record = sqsRecord('odd');

    const response = await processSqsBatch(
      sqsEvent([record]),
      async () => {
        throw 'just a string';
      },
      { sqsClient: sqs.client, logger },
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(sqs.timeoutOf(record.receiptHandle)).toBeDefined();
  });

  it('never runs more records at once than maxConcurrency', async () => {
    const { sqs, logger } = setup();
    const records = Array.from({ length: 25 }, (_, index) => sqsRecord(`r${index}`));
    let running = 0;
    let peak = 0;

    await processSqsBatch(
      sqsEvent(records),
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
      { sqsClient: sqs.client, logger, maxConcurrency: 4 },
    );

    expect(peak).toBe(4);
  });

  it('starts no record once the remaining time is below the margin, and reports the unstarted ones', async () => {
    const { sqs, logger } = setup();
    let remaining = 10_000;
    const records = [sqsRecord('slow'), sqsRecord('next-1'), sqsRecord('next-2')];
    const ran: string[] = [];

    const response = await processSqsBatch(
      sqsEvent(records),
      async (record) => {
        ran.push(record.body);
        remaining = 500;
      },
      {
        sqsClient: sqs.client,
        logger,
        maxConcurrency: 1,
        timeMarginMillis: 1_000,
        context: fakeContext(() => remaining),
      },
    );

    expect(ran).toEqual(['slow']);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      records[1]?.messageId,
      records[2]?.messageId,
    ]);
    expect(sqs.visibility).toEqual([]);
    expect(logger.lines.some((line) => line.level === 'warn' && /not started/.test(line.message))).toBe(true);
  });

  it('records processing time for each record that ran and the outcome counts', async () => {
    const { sqs, logger, metrics } = setup();
    const records = [sqsRecord('ok'), sqsRecord('bad'), sqsRecord('ok')];

    await processSqsBatch(sqsEvent(records), failOn(['bad']), { sqsClient: sqs.client, logger, metrics });

    expect(metrics.values.get(CONSUMER_METRICS.processingTime)).toHaveLength(3);
    expect(metrics.total(CONSUMER_METRICS.processed)).toBe(2);
    expect(metrics.total(CONSUMER_METRICS.failed)).toBe(1);
    expect(metrics.values.has(CONSUMER_METRICS.batchFullyFailed)).toBe(false);
  });

  it('adds the caller log attributes to every line about a record', async () => {
    const { sqs, logger } = setup();

    await processSqsBatch(sqsEvent([sqsRecord('bad')]), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
      logAttributes: (record) => ({ eventId: `evt-${record.body}` }),
    });

    expect(logger.lines[0]?.attributes.eventId).toBe('evt-bad');
  });

  it('throws a ConfigurationError on a maxConcurrency below 1', async () => {
    const { sqs, logger } = setup();

    await expect(
      processSqsBatch(sqsEvent([sqsRecord('a')]), async () => {}, {
        sqsClient: sqs.client,
        logger,
        maxConcurrency: 0,
      }),
    ).rejects.toThrow(/maxConcurrency must be a positive integer, got 0/);
  });

  it('throws a ConfigurationError on a backoff cap above 12 hours', async () => {
    const { sqs, logger } = setup();

    await expect(
      processSqsBatch(sqsEvent([sqsRecord('a')]), async () => {}, {
        sqsClient: sqs.client,
        logger,
        backoff: { baseSeconds: 1, capSeconds: 50_000 },
      }),
    ).rejects.toThrow(/capSeconds <= 43200, got base 1 and cap 50000/);
  });
});
