import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../../runtime/contract.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';
import { eventItem, insertOf, streamEvent } from './stream-fixtures.ts';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  // The handler keeps its configuration for the life of the module: give each test a fresh one.
  vi.resetModules();
});

describe('relay handler', () => {
  it('fails with a ConfigurationError naming the missing variable', async () => {
    delete process.env[ENV.outboxRoutes];
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { handler } = await import('../../../runtime/outbox/relay-handler.ts');

    await expect(handler(streamEvent([insertOf(1, eventItem('a', 1))]))).rejects.toThrow(
      /FERRY_OUTBOX_ROUTES/,
    );
  });

  it('publishes to the queues the environment routes to', async () => {
    const queueUrl = await createQueue('relay-target');
    const dlq = await createQueue('relay-dlq');
    process.env[ENV.outboxRoutes] = JSON.stringify({ OrderPlaced: [{ kind: 'sqs', destination: queueUrl }] });
    process.env[ENV.relayDeadLetterQueueUrl] = dlq;
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { handler } = await import('../../../runtime/outbox/relay-handler.ts');

    const response = await handler(
      streamEvent([insertOf(1, eventItem('a', 1)), insertOf(2, eventItem('a', 2))]),
    );

    const received = await drainQueue(queueUrl, { expected: 2 });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(received.map((message) => JSON.parse(message.Body ?? '').sequence).sort()).toEqual([1, 2]);
  });
});
