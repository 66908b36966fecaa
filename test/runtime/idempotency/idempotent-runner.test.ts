import {
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { BusinessRuleError, DuplicateInProgressError, isPermanentError } from '../../../runtime/errors.ts';
import { IdempotencyStore } from '../../../runtime/idempotency/idempotency-store.ts';
import { IdempotentRunner } from '../../../runtime/idempotency/idempotent-runner.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { createIdempotencyTable, lambdaContext } from './idempotency-table.ts';

const dynamodb = new DynamoDBClient({});
let tableName = '';
let runner: IdempotentRunner;

beforeAll(async () => {
  tableName = await createIdempotencyTable(dynamodb);
  runner = new IdempotentRunner(new IdempotencyStore({ tableName, client: dynamodb }), {
    expiresAfterSeconds: 600,
    keyPrefix: 'runner-test',
  });
  runner.registerContext(lambdaContext);
});

async function effectCount(name: string): Promise<number> {
  const got = await dynamodb.send(
    new GetItemCommand({ TableName: tableName, Key: { id: { S: `effect#${name}` } }, ConsistentRead: true }),
  );
  return Number(got.Item?.count?.N ?? 0);
}

/** The handler's own transaction: bump a counter item, plus the completion marker. */
function applyEffect(eventId: string) {
  return dynamodb.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: { id: { S: `effect#${eventId}` } },
            UpdateExpression: 'ADD #count :one',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
        runner.completionMarker(eventId),
      ],
    }),
  );
}

describe('IdempotentRunner', () => {
  it('runs the work the first time and skips it as a duplicate afterwards', async () => {
    const eventId = uniqueName('evt');
    let calls = 0;
    const work = async () => {
      calls += 1;
    };

    const first = await runner.run(eventId, work);
    const second = await runner.run(eventId, work);

    expect([first, second]).toEqual(['completed', 'duplicate']);
    expect(calls).toBe(1);
  });

  it('throws a transient DuplicateInProgressError while another run holds the key', async () => {
    const eventId = uniqueName('evt');
    let release: () => void = () => {};
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const holding = runner.run(eventId, () => {
      markStarted();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await started;

    const duplicate = runner.run(eventId, async () => {});

    const error = await duplicate.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateInProgressError);
    // Retry only once the holder's lock has surely expired: the function timeout (the remaining
    // time at the start of an invocation), plus a second.
    const lifetimeSeconds = Math.ceil(lambdaContext.getRemainingTimeInMillis() / 1000);
    expect((error as DuplicateInProgressError).retryAfterSeconds).toBe(lifetimeSeconds + 1);
    release();
    await expect(holding).resolves.toBe('completed');
  });

  it('passes the work error through unchanged and releases the key for a retry', async () => {
    const eventId = uniqueName('evt');

    const failed = runner.run(eventId, async () => {
      throw new BusinessRuleError('card declined');
    });

    const error = await failed.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(isPermanentError(error)).toBe(true);
    await expect(runner.run(eventId, async () => {})).resolves.toBe('completed');
  });

  it('applies an effect written with the completion marker exactly once', async () => {
    const eventId = uniqueName('evt');

    await runner.run(eventId, () => applyEffect(eventId).then(() => {}));
    await runner.run(eventId, () => applyEffect(eventId).then(() => {}));

    expect(await effectCount(eventId)).toBe(1);
  });

  it('keeps the marker when the work throws after its transaction committed, so the retry is a duplicate', async () => {
    const eventId = uniqueName('evt');
    await runner
      .run(eventId, async () => {
        await applyEffect(eventId);
        throw new Error('crashed after the commit');
      })
      .catch(() => {});

    const retry = await runner.run(eventId, () => applyEffect(eventId).then(() => {}));

    expect(retry).toBe('duplicate');
    expect(await effectCount(eventId)).toBe(1);
  });

  it('fails a second transaction that carries the marker of a completed event', async () => {
    const eventId = uniqueName('evt');
    await applyEffect(eventId);

    const late = applyEffect(eventId);

    await expect(late).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await effectCount(eventId)).toBe(1);
  });
});
