import {
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONSUMER_METRICS, ENV } from '../../../runtime/contract.ts';
import { ConfigurationError, DuplicateInProgressError } from '../../../runtime/errors.ts';
import { IdempotencyStore } from '../../../runtime/idempotency/idempotency-store.ts';
import { tableIdempotency } from '../../../runtime/idempotency/table-idempotency.ts';
import { createSqsConsumer } from '../../../runtime/sqs/sqs-consumer.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { createIdempotencyTable } from '../idempotency/idempotency-table.ts';
import { capturedMetrics, lambdaContext, loggedAttributes, silentLogger } from './consumer-harness.ts';
import { envelopeBody, FakeSqs, sqsEvent, sqsRecord } from './sqs-fixtures.ts';

const dynamodb = new DynamoDBClient({});
const paymentTaken = z.object({ orderId: z.string(), amount: z.number() });
let tableName = '';

beforeAll(async () => {
  tableName = await createIdempotencyTable(dynamodb);
});

/** A consumer whose handler credits an account item and writes the marker in one transaction. */
function ledgerConsumer(options: { keyPrefix?: string; transactional?: boolean } = {}) {
  const sqs = new FakeSqs();
  const log = silentLogger();
  const captured = capturedMetrics();
  let calls = 0;
  const consumer = createSqsConsumer({
    handlers: {
      PaymentTaken: {
        schema: paymentTaken,
        handle: async (data, context) => {
          calls += 1;
          const transaction: TransactWriteItemsCommandInput = {
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: { id: { S: `ledger#${data.orderId}` } },
                  UpdateExpression: 'ADD #balance :amount',
                  ExpressionAttributeNames: { '#balance': 'balance' },
                  ExpressionAttributeValues: { ':amount': { N: String(data.amount) } },
                },
              },
            ],
          };
          if (options.transactional !== false) transaction.TransactItems?.push(context.idempotencyMarker());
          await dynamodb.send(new TransactWriteItemsCommand(transaction));
        },
      },
    },
    idempotency: tableIdempotency({ keyPrefix: options.keyPrefix ?? uniqueName('consumer') }),
    sqsClient: sqs.client,
    logger: log.logger,
    metrics: captured.metrics,
    env: { [ENV.idempotencyTable]: tableName },
  });
  return { consumer, sqs, log, captured, calls: () => calls };
}

async function balanceOf(orderId: string): Promise<number> {
  const got = await dynamodb.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { id: { S: `ledger#${orderId}` } },
      ConsistentRead: true,
    }),
  );
  return Number(got.Item?.balance?.N ?? 0);
}

describe('createSqsConsumer with idempotency', () => {
  it('skips a completed duplicate as a success and counts it', async () => {
    const { consumer, captured, calls } = ledgerConsumer();
    const orderId = uniqueName('order');
    const body = envelopeBody('PaymentTaken', { orderId, amount: 5 });

    await consumer.handler(sqsEvent([sqsRecord(body)]), lambdaContext());
    const redelivery = await consumer.handler(
      sqsEvent([sqsRecord(body, { receiveCount: 2 })]),
      lambdaContext(),
    );

    expect(redelivery).toEqual({ batchItemFailures: [] });
    expect(calls()).toBe(1);
    expect(await balanceOf(orderId)).toBe(5);
    expect(captured.total(CONSUMER_METRICS.duplicateSkipped)).toBe(1);
  });

  it('keys on the event id, so a copy with a new SQS message id (a redrive) is still a duplicate', async () => {
    const { consumer, calls } = ledgerConsumer();
    const body = envelopeBody('PaymentTaken', { orderId: uniqueName('order'), amount: 1 });

    await consumer.handler(sqsEvent([sqsRecord(body, { messageId: 'before-redrive' })]), lambdaContext());
    await consumer.handler(sqsEvent([sqsRecord(body, { messageId: 'after-redrive' })]), lambdaContext());

    expect(calls()).toBe(1);
  });

  it('reports an in-progress duplicate as a transient failure and backs it off', async () => {
    const keyPrefix = uniqueName('consumer');
    const store = new IdempotencyStore({ tableName, client: dynamodb });
    const { consumer, sqs, log } = ledgerConsumer({ keyPrefix });
    const eventId = uniqueName('evt');
    const { IdempotencyConfig } = await import('@aws-lambda-powertools/idempotency');
    store.configure({ config: new IdempotencyConfig({}), keyPrefix });
    await store.saveInProgress(eventId, 60_000);
    const record = sqsRecord(envelopeBody('PaymentTaken', { orderId: 'o', amount: 1 }, { id: eventId }));

    const response = await consumer.handler(sqsEvent([record]), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(sqs.timeoutOf(record.receiptHandle)).toBeDefined();
    const logged = loggedAttributes(log.warn.mock.calls);
    expect(logged.some((entry) => entry.error instanceof DuplicateInProgressError)).toBe(true);
  });

  it('applies the effect once when the same event arrives twice in one batch', async () => {
    const { consumer } = ledgerConsumer();
    const orderId = uniqueName('order');
    const body = envelopeBody('PaymentTaken', { orderId, amount: 7 });

    const response = await consumer.handler(sqsEvent([sqsRecord(body), sqsRecord(body)]), lambdaContext());
    const retry = await consumer.handler(
      sqsEvent(
        response.batchItemFailures.map((failure) => sqsRecord(body, { messageId: failure.itemIdentifier })),
      ),
      lambdaContext(),
    );

    expect(retry.batchItemFailures).toEqual([]);
    expect(await balanceOf(orderId)).toBe(7);
  });

  it('does not record a duplicate-skipped metric when the event is new', async () => {
    const { consumer, captured } = ledgerConsumer({ transactional: false });

    await consumer.handler(
      sqsEvent([sqsRecord(envelopeBody('PaymentTaken', { orderId: uniqueName('order'), amount: 1 }))]),
      lambdaContext(),
    );

    expect(captured.values.get(CONSUMER_METRICS.duplicateSkipped)).toEqual([0]);
  });

  it('deduplicates raw messages on the key the raw handler derives', async () => {
    let calls = 0;
    const consumer = createSqsConsumer({
      raw: {
        schema: z.object({ paymentId: z.string() }),
        idempotencyKey: (data) => data.paymentId,
        handle: async () => {
          calls += 1;
        },
      },
      idempotency: tableIdempotency({ tableName, keyPrefix: uniqueName('raw'), expiresAfterSeconds: 600 }),
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: {},
    });
    const body = JSON.stringify({ paymentId: uniqueName('pay') });

    await consumer.handler(sqsEvent([sqsRecord(body)]), lambdaContext());
    await consumer.handler(sqsEvent([sqsRecord(body)]), lambdaContext());

    expect(calls).toBe(1);
  });

  it('throws at creation when a table is configured but the consumer does not say how to use it', () => {
    const create = () =>
      createSqsConsumer({
        raw: { schema: z.unknown(), handle: async () => {} },
        env: { [ENV.idempotencyTable]: tableName },
      });

    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(/idempotency: tableIdempotency\(\)/);
  });

  it('throws at creation when tableIdempotency finds no table', () => {
    const create = () =>
      createSqsConsumer({
        raw: { schema: z.unknown(), handle: async () => {} },
        idempotency: tableIdempotency(),
        env: {},
      });

    expect(create).toThrow(/found no table: set FERRY_IDEMPOTENCY_TABLE/);
  });

  it('runs without idempotency when it is turned off despite a configured table', async () => {
    let calls = 0;
    const consumer = createSqsConsumer({
      raw: {
        schema: z.unknown(),
        idempotencyKey: () => 'same',
        handle: async () => {
          calls += 1;
        },
      },
      idempotency: false,
      sqsClient: new FakeSqs().client,
      logger: silentLogger().logger,
      metrics: capturedMetrics().metrics,
      env: { [ENV.idempotencyTable]: tableName },
    });

    await consumer.handler(sqsEvent([sqsRecord('{}')]), lambdaContext());
    await consumer.handler(sqsEvent([sqsRecord('{}')]), lambdaContext());

    expect(calls).toBe(2);
  });
});
