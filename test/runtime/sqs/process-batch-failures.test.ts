import { describe, expect, it } from 'vitest';
import { CONSUMER_METRICS } from '../../../runtime/contract.ts';
import { BusinessRuleError, DuplicateInProgressError, TransientError } from '../../../runtime/errors.ts';
import { processSqsBatch } from '../../../runtime/sqs/process-batch.ts';
import { FakeSqs, RecordingLogger, RecordingMetrics, sqsEvent, sqsRecord } from './sqs-fixtures.ts';

const failOn =
  (bodies: readonly string[], error: () => Error = () => new TransientError('dependency down')) =>
  async (record: { body: string }): Promise<void> => {
    if (bodies.includes(record.body)) throw error();
  };

function setup() {
  return { sqs: new FakeSqs(), logger: new RecordingLogger(), metrics: new RecordingMetrics() };
}

describe('processSqsBatch failure handling', () => {
  it('sets a backoff visibility on a transient failure, within the ceiling of its receive count', async () => {
    const { sqs, logger, metrics } = setup();
    const record = sqsRecord('bad', { receiveCount: 4 });

    await processSqsBatch(sqsEvent([record]), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
      metrics,
      backoff: { baseSeconds: 3, capSeconds: 1_000 },
      random: () => 0.999_999,
    });

    expect(sqs.timeoutOf(record.receiptHandle)).toBe(24);
    expect(metrics.total(CONSUMER_METRICS.retriedWithDelay)).toBe(1);
    expect(logger.lines.find((line) => line.level === 'warn')?.attributes).toMatchObject({
      messageId: record.messageId,
      receiveCount: 4,
      retryDelaySeconds: 24,
    });
  });

  it('waits at least the retry an error asks for (a lock that must expire), above a shorter backoff', async () => {
    const { sqs, logger, metrics } = setup();
    const locked = sqsRecord('locked', { receiveCount: 1 });
    const other = sqsRecord('other', { receiveCount: 1 });
    const inProgress = () =>
      new DuplicateInProgressError('event e1 is locked by another invocation', { retryAfterSeconds: 31 });

    await processSqsBatch(sqsEvent([locked]), failOn(['locked'], inProgress), {
      sqsClient: sqs.client,
      logger,
      metrics,
      backoff: { baseSeconds: 2, capSeconds: 900 },
      random: () => 0.999_999,
    });
    await processSqsBatch(sqsEvent([other]), failOn(['other']), {
      sqsClient: sqs.client,
      logger,
      metrics,
      backoff: { baseSeconds: 2, capSeconds: 900 },
      random: () => 0.999_999,
    });

    // The first receive's backoff is at most 2 s: the lock's 31 s wins; a plain transient error keeps 2 s.
    expect(sqs.timeoutOf(locked.receiptHandle)).toBe(31);
    expect(sqs.timeoutOf(other.receiptHandle)).toBe(2);
  });

  it('looks the source queue URL up from the event source ARN', async () => {
    const { sqs, logger } = setup();

    await processSqsBatch(sqsEvent([sqsRecord('bad', { queue: 'lookup-me' })]), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
    });

    expect(sqs.queueUrlLookups).toEqual(['lookup-me']);
  });

  it('still reports a failed record whose visibility change SQS rejects', async () => {
    const { sqs, logger, metrics } = setup();
    const record = sqsRecord('bad');
    sqs.rejectVisibilityOf.add(record.receiptHandle);

    const response = await processSqsBatch(sqsEvent([record]), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
      metrics,
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(metrics.total(CONSUMER_METRICS.retriedWithDelay)).toBe(0);
    expect(logger.lines.some((line) => /could not be set/.test(line.message))).toBe(true);
  });

  it('still reports failed records when the visibility call itself fails', async () => {
    const { sqs, logger } = setup();
    sqs.failVisibility = new Error('network down');
    const records = [sqsRecord('bad-1'), sqsRecord('bad-2'), sqsRecord('ok')];

    const response = await processSqsBatch(sqsEvent(records), failOn(['bad-1', 'bad-2']), {
      sqsClient: sqs.client,
      logger,
    });

    expect(response.batchItemFailures).toHaveLength(2);
    expect(logger.lines.filter((line) => line.attributes.visibilityError)).toHaveLength(2);
  });

  it('still reports failed records when the queue URL cannot be looked up', async () => {
    const { sqs, logger } = setup();
    sqs.failQueueUrl = new Error('AccessDenied');
    const record = sqsRecord('bad', { queue: 'no-access' });

    const response = await processSqsBatch(sqsEvent([record]), failOn(['bad']), {
      sqsClient: sqs.client,
      logger,
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(logger.lines.find((line) => line.attributes.visibilityError)?.attributes.visibilityError).toBe(
      'AccessDenied',
    );
  });

  it('sends a permanent failure to the DLQ and counts it as handled', async () => {
    const { sqs, logger, metrics } = setup();
    const record = sqsRecord('poison');

    const response = await processSqsBatch(
      sqsEvent([record, sqsRecord('fine')]),
      failOn(['poison'], () => new BusinessRuleError('card declined')),
      {
        sqsClient: sqs.client,
        logger,
        metrics,
        deadLetterQueueUrl: 'http://sqs.test/000000000000/orders-dlq',
      },
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(sqs.sent).toHaveLength(1);
    expect(sqs.sent[0]?.MessageBody).toBe('poison');
    expect(metrics.total(CONSUMER_METRICS.deadLettered)).toBe(1);
    expect(metrics.total(CONSUMER_METRICS.processed)).toBe(1);
  });

  it('fails a permanent failure when the DLQ send fails, and backs it off', async () => {
    const { sqs, logger } = setup();
    sqs.failSendMessage = new Error('AccessDenied');
    const record = sqsRecord('poison');

    const response = await processSqsBatch(
      sqsEvent([record]),
      failOn(['poison'], () => new BusinessRuleError('card declined')),
      { sqsClient: sqs.client, logger, deadLetterQueueUrl: 'http://sqs.test/000000000000/orders-dlq' },
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(sqs.timeoutOf(record.receiptHandle)).toBeDefined();
    expect(logger.lines.some((line) => /could not be sent to the DLQ/.test(line.message))).toBe(true);
  });

  it('fails a permanent failure and says why when no DLQ is configured', async () => {
    const { sqs, logger } = setup();
    const record = sqsRecord('poison');

    const response = await processSqsBatch(
      sqsEvent([record]),
      failOn(['poison'], () => new BusinessRuleError('card declined')),
      { sqsClient: sqs.client, logger },
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(sqs.sent).toEqual([]);
    expect(logger.lines.some((line) => /no DLQ is configured/.test(line.message))).toBe(true);
  });
});
