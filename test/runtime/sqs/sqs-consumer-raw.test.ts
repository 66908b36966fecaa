import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigurationError } from '../../../runtime/errors.ts';
import { createSqsConsumer } from '../../../runtime/sqs/sqs-consumer.ts';
import { capturedMetrics, lambdaContext, silentLogger } from './consumer-harness.ts';
import { FakeSqs, sqsEvent, sqsRecord } from './sqs-fixtures.ts';

describe('createSqsConsumer with raw bodies and bad options', () => {
  it('passes raw JSON bodies through their schema', async () => {
    const seen: unknown[] = [];
    const consumer = createSqsConsumer({
      raw: { schema: z.object({ n: z.number() }), handle: async (data) => void seen.push(data.n) },
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });

    await consumer.handler(sqsEvent([sqsRecord('{"n":7}')]), lambdaContext());

    expect(seen).toEqual([7]);
  });

  it('passes raw text bodies as strings when json is off', async () => {
    const seen: unknown[] = [];
    let envelope: unknown = 'unset';
    const consumer = createSqsConsumer({
      raw: {
        json: false,
        schema: z.string().startsWith('ping'),
        handle: async (data, context) => {
          seen.push(data);
          envelope = context.envelope;
        },
      },
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });

    await consumer.handler(sqsEvent([sqsRecord('ping 1')]), lambdaContext());

    expect(seen).toEqual(['ping 1']);
    expect(envelope).toBeUndefined();
  });

  it('passes the batch options through, such as the source queue URL', async () => {
    const sqs = new FakeSqs();
    const consumer = createSqsConsumer({
      raw: {
        schema: z.unknown(),
        handle: async () => {
          throw new Error('down');
        },
      },
      sourceQueueUrl: 'http://sqs.test/000000000000/given',
      sqsClient: sqs.client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });
    const record = sqsRecord('{}');

    await consumer.handler(sqsEvent([record]), lambdaContext());

    expect(sqs.queueUrlLookups).toEqual([]);
    expect(sqs.timeoutOf(record.receiptHandle)).toBeDefined();
  });

  it('throws a ConfigurationError when given both handlers and raw, or neither', () => {
    const raw = { schema: z.unknown(), handle: async () => {} };
    const handlers = { A: { schema: z.unknown(), handle: async () => {} } };

    expect(() => createSqsConsumer({ handlers, raw, env: {} })).toThrow(/exactly one of `handlers`/);
    expect(() => createSqsConsumer({ env: {} })).toThrow(ConfigurationError);
  });

  it('throws at creation when an option is out of range', () => {
    expect(() =>
      createSqsConsumer({
        raw: { schema: z.unknown(), handle: async () => {} },
        maxConcurrency: -1,
        env: {},
      }),
    ).toThrow(/maxConcurrency must be a positive integer, got -1/);
  });
});
