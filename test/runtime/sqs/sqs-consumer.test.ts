import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { CONSUMER_METRICS, ENV, FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import { ConfigurationError, TransientError } from '../../../runtime/errors.ts';
import type { MessageContext } from '../../../runtime/sqs/message-context.ts';
import { middyConsumer } from '../../../runtime/sqs/middy-consumer.ts';
import { createSqsConsumer } from '../../../runtime/sqs/sqs-consumer.ts';
import { capturedMetrics, lambdaContext, loggedAttributes, silentLogger } from './consumer-harness.ts';
import { envelopeBody, FakeSqs, sqsEvent, sqsRecord } from './sqs-fixtures.ts';

const DLQ = 'http://sqs.test/000000000000/orders-dlq';
const orderPlaced = z.object({ orderId: z.string(), total: z.coerce.number() });

function consumerWith(
  handle: (data: z.output<typeof orderPlaced>, context: MessageContext) => Promise<void>,
) {
  const sqs = new FakeSqs();
  const log = silentLogger();
  const captured = capturedMetrics();
  const consumer = createSqsConsumer({
    handlers: { OrderPlaced: { schema: orderPlaced, handle } },
    sqsClient: sqs.client,
    logger: log.logger,
    metrics: captured.metrics,
    env: { [ENV.deadLetterQueueUrl]: DLQ },
  });
  return { consumer, sqs, log, captured };
}

function dlqReason(sqs: FakeSqs): string | undefined {
  return sqs.sent[0]?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue;
}

describe('createSqsConsumer', () => {
  it('hands the handler of the envelope type its data, parsed by the schema', async () => {
    const received: unknown[] = [];
    const { consumer } = consumerWith(async (data) => {
      received.push(data);
    });

    const response = await consumer.handler(
      sqsEvent([sqsRecord(envelopeBody('OrderPlaced', { orderId: 'o-1', total: '12.5' }))]),
      lambdaContext(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(received).toEqual([{ orderId: 'o-1', total: 12.5 }]);
  });

  it('infers each handler data type from its schema', async () => {
    const totals: string[] = [];
    const consumer = createSqsConsumer({
      handlers: {
        OrderPlaced: { schema: orderPlaced, handle: async (data) => void totals.push(data.total.toFixed(2)) },
        OrderCancelled: {
          schema: z.object({ reason: z.string() }),
          handle: async (data) => void totals.push(data.reason),
        },
      },
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });

    await consumer.handler(
      sqsEvent([
        sqsRecord(envelopeBody('OrderPlaced', { orderId: 'o', total: 3 })),
        sqsRecord(envelopeBody('OrderCancelled', { reason: 'changed mind' })),
      ]),
      lambdaContext(),
    );

    expect(totals.sort()).toEqual(['3.00', 'changed mind']);
  });

  it('accepts zod/mini schemas and infers their data type', async () => {
    const totals: string[] = [];
    const consumer = createSqsConsumer({
      handlers: {
        OrderPlaced: {
          schema: zm.object({ total: zm.number() }),
          handle: async (data) => void totals.push(data.total.toFixed(1)),
        },
      },
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });

    await consumer.handler(sqsEvent([sqsRecord(envelopeBody('OrderPlaced', { total: 2 }))]), lambdaContext());

    expect(totals).toEqual(['2.0']);
  });

  it('gives the handler the envelope, the record and a logger carrying the message keys', async () => {
    let seen: MessageContext | undefined;
    const { consumer } = consumerWith(async (_data, context) => {
      seen = context;
    });
    const record = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'o-1', total: 1 }, { id: 'evt-ctx' }), {
      receiveCount: 2,
    });

    await consumer.handler(sqsEvent([record]), lambdaContext());

    expect(seen?.envelope?.id).toBe('evt-ctx');
    expect(seen?.record).toBe(record);
    expect(seen?.logger.getPersistentLogAttributes()).toMatchObject({
      messageId: record.messageId,
      eventId: 'evt-ctx',
      receiveCount: 2,
    });
  });

  it('dead-letters a body that is not JSON as an InvalidMessageError', async () => {
    const { consumer, sqs } = consumerWith(async () => {});

    const response = await consumer.handler(sqsEvent([sqsRecord('{oops')]), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(dlqReason(sqs)).toBe('InvalidMessageError');
  });

  it('dead-letters data that fails the schema of its type as a SchemaValidationError', async () => {
    const { consumer, sqs } = consumerWith(async () => {});

    await consumer.handler(
      sqsEvent([sqsRecord(envelopeBody('OrderPlaced', { total: 'abc' }))]),
      lambdaContext(),
    );

    expect(dlqReason(sqs)).toBe('SchemaValidationError');
    expect(sqs.sent[0]?.MessageAttributes?.[FAILURE_ATTRIBUTES.errorMessage]?.StringValue).toMatch(
      /^OrderPlaced data does not match its schema.*orderId: /,
    );
  });

  it('dead-letters an envelope of a type nobody handles', async () => {
    const { consumer, sqs } = consumerWith(async () => {});

    await consumer.handler(sqsEvent([sqsRecord(envelopeBody('OrderShipped', {}))]), lambdaContext());

    expect(dlqReason(sqs)).toBe('UnknownMessageTypeError');
  });

  it('does not treat inherited object keys as handled types', async () => {
    const { consumer, sqs } = consumerWith(async () => {});

    await consumer.handler(sqsEvent([sqsRecord(envelopeBody('toString', {}))]), lambdaContext());

    expect(dlqReason(sqs)).toBe('UnknownMessageTypeError');
  });

  it('reports a transient failure and logs it with the event id', async () => {
    const { consumer, log } = consumerWith(async () => {
      throw new TransientError('payment provider timed out');
    });
    const record = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'o', total: 1 }, { id: 'evt-log' }));

    const response = await consumer.handler(sqsEvent([record]), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    const attributes = loggedAttributes(log.warn.mock.calls);
    expect(attributes).toContainEqual(
      expect.objectContaining({ messageId: record.messageId, eventId: 'evt-log' }),
    );
  });

  it('publishes the batch metrics once per invocation, end-to-end age included', async () => {
    const { consumer, captured } = consumerWith(async () => {});

    await consumer.handler(
      sqsEvent([
        sqsRecord(envelopeBody('OrderPlaced', { orderId: 'a', total: 1 })),
        sqsRecord(envelopeBody('OrderPlaced', { orderId: 'b', total: 2 })),
      ]),
      lambdaContext(),
    );

    expect(captured.publishes()).toBe(1);
    expect(captured.total(CONSUMER_METRICS.processed)).toBe(2);
    expect(captured.values.get(CONSUMER_METRICS.endToEndAge)?.every((age) => age >= 2_000)).toBe(true);
    expect(captured.values.has(CONSUMER_METRICS.duplicateSkipped)).toBe(false);
  });

  it('reports every record unstarted when the invocation is nearly out of time', async () => {
    let calls = 0;
    const { consumer } = consumerWith(async () => {
      calls += 1;
    });
    const record = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'a', total: 1 }));

    const response = await consumer.handler(sqsEvent([record]), lambdaContext(10));

    expect(calls).toBe(0);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  });

  it('works the same through its middy form', async () => {
    const { consumer } = consumerWith(async () => {
      throw new TransientError('down');
    });
    const record = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'a', total: 1 }));

    const response = await middyConsumer(consumer)(sqsEvent([record]), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
  });

  it('reads its settings from the environment, explicit options winning', async () => {
    const sqs = new FakeSqs();
    const consumer = createSqsConsumer({
      handlers: {
        OrderPlaced: { schema: orderPlaced, handle: async () => Promise.reject(new Error('down')) },
      },
      sqsClient: sqs.client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      backoff: { capSeconds: 6 },
      random: () => 0.999_999,
      env: { [ENV.backoffBaseSeconds]: '4', [ENV.backoffCapSeconds]: '30' },
    });
    const first = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'a', total: 1 }), { receiveCount: 1 });
    const third = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'b', total: 1 }), { receiveCount: 3 });

    await consumer.handler(sqsEvent([first, third]), lambdaContext());

    expect(sqs.timeoutOf(first.receiptHandle)).toBe(4);
    expect(sqs.timeoutOf(third.receiptHandle)).toBe(6);
  });

  it('fails a message whose handler asks for the idempotency marker while idempotency is off', async () => {
    const { consumer, log } = consumerWith(async (_data, context) => {
      context.idempotencyMarker();
    });
    const record: SQSRecord = sqsRecord(envelopeBody('OrderPlaced', { orderId: 'a', total: 1 }));

    const response = await consumer.handler(sqsEvent([record]), lambdaContext());

    expect(response.batchItemFailures).toHaveLength(1);
    const errors = loggedAttributes(log.warn.mock.calls);
    expect(errors.some((entry) => entry.error instanceof ConfigurationError)).toBe(true);
  });
});
