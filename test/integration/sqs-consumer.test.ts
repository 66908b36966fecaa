import { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqsPoller } from '../../local/pollers/sqs-poller.ts';
import {
  createSqsConsumer,
  FAILURE_ATTRIBUTES,
  type FerryEnvelope,
  TransientError,
  tableIdempotency,
} from '../../runtime/index.ts';
import { uniqueName } from '../support/unique-name.ts';

/**
 * The consumer's guarantees end to end: real fauxqs queues, real DynamoDB Local, the local SQS
 * event source mapping. Transient failures, poison messages and duplicate sends are mixed in; the
 * effects table counts how often each event was applied (an ADD in the same transaction as the
 * idempotency marker), so a double effect shows as a count of 2.
 */
// Metrics are the consumer's business, not this test's: keep EMF lines out of the output.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const sqs = new SQSClient({});
const dynamodb = new DynamoDBClient({});
let effectsTable: string;
let idempotencyTable: string;
const pollers: SqsPoller[] = [];

beforeAll(async () => {
  effectsTable = uniqueName('effects');
  idempotencyTable = uniqueName('idempotency');
  await dynamodb.send(
    new CreateTableCommand({
      TableName: effectsTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: idempotencyTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
});

afterAll(async () => {
  await Promise.all(pollers.map((poller) => poller.stop()));
});

async function queueWithDlq(fifo: boolean) {
  const kind = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {};
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: uniqueName('it-dlq', { fifo }), Attributes: kind }),
  );
  const dlqArn = await arnOf(dlq.QueueUrl ?? '');
  const source = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('it-source', { fifo }),
      Attributes: {
        ...kind,
        VisibilityTimeout: '2',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 20 }),
      },
    }),
  );
  const queueUrl = source.QueueUrl ?? '';
  return { queueUrl, queueArn: await arnOf(queueUrl), dlqUrl: dlq.QueueUrl ?? '' };
}

async function arnOf(queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

function lambdaContext(): Context {
  const deadline = Date.now() + 60_000;
  return {
    functionName: 'integration-consumer',
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  } as Context;
}

function envelope(id: string, data: unknown, aggregateId: string, sequence: number): FerryEnvelope {
  return {
    id,
    type: 'Work',
    source: 'integration',
    aggregateId,
    sequence: sequence + 1,
    occurredAt: new Date().toISOString(),
    data,
  };
}

async function sendAll(queueUrl: string, bodies: { body: string; group?: string; dedup?: string }[]) {
  for (let start = 0; start < bodies.length; start += 10) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(start, start + 10).map((m, i) => ({
          Id: String(i),
          MessageBody: m.body,
          ...(m.group ? { MessageGroupId: m.group, MessageDeduplicationId: m.dedup } : {}),
        })),
      }),
    );
    expect(result.Failed ?? []).toEqual([]);
  }
}

/** A consumer whose handler fails transiently on an event's first attempt when `flaky`, and counts effects. */
function consumer(dlqUrl: string, attempts: Map<string, number>) {
  return createSqsConsumer({
    // The run logs every injected failure; keep the test output readable.
    logger: new Logger({ logLevel: 'SILENT' }),
    deadLetterQueueUrl: dlqUrl,
    backoff: { baseSeconds: 0, capSeconds: 1 },
    idempotency: tableIdempotency({ tableName: idempotencyTable, keyPrefix: uniqueName('consumer') }),
    handlers: {
      Work: {
        schema: z.object({ n: z.number().int(), flaky: z.boolean(), group: z.string() }),
        handle: async (data, context) => {
          const id = context.envelope?.id ?? '';
          const attempt = (attempts.get(id) ?? 0) + 1;
          attempts.set(id, attempt);
          if (data.flaky && attempt === 1) throw new TransientError(`injected failure of ${id}`);
          await dynamodb.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: effectsTable,
                    Key: marshall({ pk: id }),
                    UpdateExpression: 'ADD applied :one SET #g = :g, #n = :n, appliedAt = :at',
                    ExpressionAttributeNames: { '#g': 'group', '#n': 'n' },
                    ExpressionAttributeValues: marshall({
                      ':one': 1,
                      ':g': data.group,
                      ':n': data.n,
                      ':at': process.hrtime.bigint().toString(),
                    }),
                  },
                },
                context.idempotencyMarker(),
              ],
            }),
          );
        },
      },
    },
  });
}

async function effects(): Promise<
  Map<string, { applied: number; group: string; n: number; appliedAt: string }>
> {
  const all = new Map();
  let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: effectsTable, ExclusiveStartKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      const { pk, ...rest } = unmarshall(item);
      all.set(pk, rest);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return all;
}

async function drain(queueUrl: string, expected: number, timeoutMillis = 30_000) {
  const messages = [];
  const deadline = Date.now() + timeoutMillis;
  while (messages.length < expected && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        // Held long enough that no message shows up twice while the test reads the queue.
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
      }),
    );
    messages.push(...Messages);
  }
  return messages;
}

/** The local SQS event source mapping in front of `handler`, as the constructs configure it. */
function startPoller(
  queueUrl: string,
  queueArn: string,
  handler: ReturnType<typeof consumer>['handler'],
): SqsPoller {
  const poller = new SqsPoller({
    queueUrl,
    queueArn,
    reportBatchItemFailures: true,
    maximumConcurrency: 5,
    invoke: (event) => handler(event, lambdaContext()),
  });
  pollers.push(poller);
  poller.start();
  return poller;
}

async function until(
  condition: () => Promise<boolean>,
  state: () => unknown,
  timeoutMillis = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`the pipeline did not settle in time: ${JSON.stringify(await state())}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('SQS consumer through the local event source mapping', () => {
  it('applies 1,000 messages exactly once with 20% transient failures, 2% poison and duplicate sends', async () => {
    const { queueUrl, queueArn, dlqUrl } = await queueWithDlq(false);
    const attempts = new Map<string, number>();
    const { handler } = consumer(dlqUrl, attempts);
    const bodies: { body: string }[] = [];
    const good = new Set<string>();
    for (let n = 0; n < 1000; n++) {
      const id = uniqueName(`std-${n}`);
      if (n % 50 === 7) {
        bodies.push({
          body: JSON.stringify(envelope(id, { n: 'not a number', flaky: false, group: 'std' }, 'std', n)),
        });
        continue;
      }
      good.add(id);
      const body = JSON.stringify(envelope(id, { n, flaky: n % 5 === 0, group: 'std' }, 'std', n));
      bodies.push({ body });
      // Every 25th message is sent twice: SQS standard queues deliver duplicates too.
      if (n % 25 === 3) bodies.push({ body });
    }
    await sendAll(queueUrl, bodies);

    const poller = startPoller(queueUrl, queueArn, handler);
    await until(
      async () => (await effects()).size >= good.size,
      async () => {
        const applied = await effects();
        const missing = [...good].filter((id) => !applied.has(id));
        const dead = (await drain(dlqUrl, 25, 3000)).map((m) => [
          JSON.parse(m.Body ?? '{}').id,
          m.MessageAttributes?.[FAILURE_ATTRIBUTES.errorMessage]?.StringValue,
        ]);
        return {
          effects: applied.size,
          good: good.size,
          stats: poller.stats,
          missing,
          tried: missing.map((id) => attempts.get(id)),
          dead,
        };
      },
    );
    const dead = await drain(dlqUrl, 20);
    await poller.stop();

    const applied = await effects();
    expect([...good].filter((id) => applied.get(id)?.applied !== 1)).toEqual([]);
    expect(applied.size).toBe(good.size);
    expect(dead).toHaveLength(20);
    expect(new Set(dead.map((m) => JSON.parse(m.Body ?? '{}').id)).size).toBe(20);
    expect(
      dead.every(
        (m) => m.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue === 'SchemaValidationError',
      ),
    ).toBe(true);
    expect([...attempts.values()].some((count) => count > 1)).toBe(true);
  }, 120_000);

  it('keeps FIFO order per group with transient failures, and dead-letters poison once', async () => {
    const { queueUrl, queueArn, dlqUrl } = await queueWithDlq(true);
    const attempts = new Map<string, number>();
    const { handler } = consumer(dlqUrl, attempts);
    const bodies: { body: string; group: string; dedup: string }[] = [];
    for (let n = 0; n < 200; n++) {
      const group = `g${n % 10}`;
      const id = uniqueName(`fifo-${n}`);
      const data = n === 55 ? { n: 'poison', flaky: false, group } : { n, flaky: n % 5 === 0, group };
      bodies.push({ body: JSON.stringify(envelope(id, data, group, n)), group, dedup: id });
    }
    await sendAll(queueUrl, bodies);

    const poller = startPoller(queueUrl, queueArn, handler);
    await until(
      async () => [...(await effects()).values()].filter((e) => e.group.startsWith('g')).length >= 199,
      async () => ({ effects: (await effects()).size, stats: poller.stats, attempts: attempts.size }),
    );
    const dead = await drain(dlqUrl, 1);
    await poller.stop();

    const fifoEffects = [...(await effects()).values()].filter((e) => e.group.startsWith('g'));
    expect(fifoEffects).toHaveLength(199);
    expect(fifoEffects.every((e) => e.applied === 1)).toBe(true);
    for (let g = 0; g < 10; g++) {
      const inGroup = fifoEffects
        .filter((e) => e.group === `g${g}`)
        .sort((a, b) => (BigInt(a.appliedAt) < BigInt(b.appliedAt) ? -1 : 1));
      const order = inGroup.map((e) => e.n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(dead.map((m) => JSON.parse(m.Body ?? '{}').data.n)).toEqual(['poison']);
  }, 120_000);
});
