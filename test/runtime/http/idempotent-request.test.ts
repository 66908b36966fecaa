import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { IdempotentRequests } from '../../../runtime/http/idempotent-request.ts';
import { HttpProblem } from '../../../runtime/http/problem-details.ts';
import { uniqueName } from '../../support/unique-name.ts';

const dynamodb = new DynamoDBClient({});
const TableName = uniqueName('http-idempotency');
const requests = new IdempotentRequests({ tableName: TableName, sortKey: 'sk' });

beforeAll(async () => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
});

async function problemStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpProblem) return error.problem.status;
    throw error;
  }
  return 0;
}

function effectPut(id: string) {
  return { Put: { TableName, Item: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' } } } };
}

async function effectExists(id: string): Promise<boolean> {
  const got = await dynamodb.send(
    new GetItemCommand({ TableName, Key: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' } } }),
  );
  return got.Item !== undefined;
}

describe('IdempotentRequests', () => {
  it('replays the stored result for the same key and payload after completion', async () => {
    const key = uniqueName('key');
    const first = await requests.begin<{ orderId: string }>('customer-1', key, 'fp-a');
    if (first.kind !== 'new') throw new Error('expected a new request');
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [effectPut(key), first.lock.completeAction({ orderId: key })],
      }),
    );

    const second = await requests.begin<{ orderId: string }>('customer-1', key, 'fp-a');

    expect(second).toEqual({ kind: 'replay', result: { orderId: key } });
  });

  it('fails with 422 when the key comes back with another payload', async () => {
    const key = uniqueName('key');
    const first = await requests.begin('customer-1', key, 'fp-a');
    if (first.kind !== 'new') throw new Error('expected a new request');
    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [first.lock.completeAction({})] }));

    expect(await problemStatus(requests.begin('customer-1', key, 'fp-b'))).toBe(422);
  });

  it('fails with 409 and Retry-After while the first request holds the key', async () => {
    const key = uniqueName('key');
    await requests.begin('customer-1', key, 'fp-a');

    const error = await requests.begin('customer-1', key, 'fp-a').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).problem.status).toBe(409);
    expect(Number((error as HttpProblem).headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('scopes keys: the same key for another customer is a new request', async () => {
    const key = uniqueName('key');
    await requests.begin('customer-1', key, 'fp-a');

    expect((await requests.begin('customer-2', key, 'fp-b')).kind).toBe('new');
  });

  it('lets exactly one of many concurrent first requests proceed', async () => {
    const key = uniqueName('key');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => requests.begin('c', key, 'fp')),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.status === 'rejected' && (o.reason as HttpProblem).problem.status === 409),
    ).toHaveLength(9);
  });

  it('frees the key on release so a retry proceeds at once', async () => {
    const key = uniqueName('key');
    const first = await requests.begin('c', key, 'fp');
    if (first.kind !== 'new') throw new Error('expected a new request');

    await first.lock.release();

    expect((await requests.begin('c', key, 'fp')).kind).toBe('new');
  });

  it('lets a retry take over an expired lease and refuses the stale holder its effect', async () => {
    const key = uniqueName('key');
    const stale = await requests.begin('c', key, 'fp', Date.now() - 60_000);
    if (stale.kind !== 'new') throw new Error('expected a new request');

    const retry = await requests.begin('c', key, 'fp');
    const staleCommit = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [effectPut(`${key}-stale`), stale.lock.completeAction({})],
      }),
    );

    expect(retry.kind).toBe('new');
    await expect(staleCommit).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await effectExists(`${key}-stale`)).toBe(false);
  });
});
