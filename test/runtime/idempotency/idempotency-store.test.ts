import { createHash } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import {
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../runtime/idempotency/idempotency-store.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { createIdempotencyTable, lambdaContext } from './idempotency-table.ts';

const dynamodb = new DynamoDBClient({});
const PREFIX = 'orders-consumer';
let tableName = '';

beforeAll(async () => {
  tableName = await createIdempotencyTable(dynamodb);
});

/** A store configured the way Powertools configures it before running the idempotent function. */
function configuredStore(expiresAfterSeconds = 3_600): IdempotencyStore {
  const store = new IdempotencyStore({ tableName, client: dynamodb });
  store.configure({ config: new IdempotencyConfig({ expiresAfterSeconds }), keyPrefix: PREFIX });
  return store;
}

function effectPut(name: string) {
  return { Put: { TableName: tableName, Item: { id: { S: `effect#${name}` } } } };
}

async function itemExists(id: string): Promise<boolean> {
  const got = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: id } } }));
  return got.Item !== undefined;
}

describe('IdempotencyStore.completionAction', () => {
  it('writes a COMPLETED record under the key Powertools derives (prefix # md5 of the JSON value)', async () => {
    const eventId = uniqueName('evt');
    const store = configuredStore();

    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [store.completionAction(eventId)] }));

    const hash = createHash('md5').update(JSON.stringify(eventId)).digest('base64');
    const got = await dynamodb.send(
      new GetItemCommand({ TableName: tableName, Key: { id: { S: `${PREFIX}#${hash}` } } }),
    );
    expect(got.Item?.status).toEqual({ S: 'COMPLETED' });
    expect(Number(got.Item?.expiration?.N)).toBeGreaterThan(Date.now() / 1000 + 3_500);
  });

  it('is read as completed by a stock Powertools persistence layer, which then skips the work', async () => {
    const eventId = uniqueName('evt');
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [effectPut(eventId), configuredStore().completionAction(eventId)],
      }),
    );
    let calls = 0;
    const stock = makeIdempotent(
      async (_id: string) => {
        calls += 1;
      },
      {
        persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: dynamodb }),
        config: new IdempotencyConfig({ lambdaContext }),
        keyPrefix: PREFIX,
      },
    );

    await stock(eventId);

    expect(calls).toBe(0);
    expect(await itemExists(`effect#${eventId}`)).toBe(true);
  });

  it('fails the whole transaction, effect included, when the record is already COMPLETED', async () => {
    const eventId = uniqueName('evt');
    const store = configuredStore();
    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [store.completionAction(eventId)] }));

    const second = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [effectPut(`${eventId}-again`), store.completionAction(eventId)],
      }),
    );

    await expect(second).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await itemExists(`effect#${eventId}-again`)).toBe(false);
  });

  it('succeeds over an expired COMPLETED record', async () => {
    const eventId = uniqueName('evt');
    const store = configuredStore();
    const stale = store.completionAction(eventId, Date.now() - 7_200_000);
    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [stale] }));

    await dynamodb.send(
      new TransactWriteItemsCommand({ TransactItems: [effectPut(eventId), store.completionAction(eventId)] }),
    );

    expect(await itemExists(`effect#${eventId}`)).toBe(true);
  });
});

describe('IdempotencyStore record deletion', () => {
  it('deletes an INPROGRESS record when the work fails', async () => {
    const eventId = uniqueName('evt');
    const store = configuredStore();
    await store.saveInProgress(eventId, 60_000);

    await store.deleteRecord(eventId);

    await expect(store.getRecord(eventId)).rejects.toMatchObject({ name: 'IdempotencyItemNotFoundError' });
  });

  it('keeps a COMPLETED record when asked to delete it', async () => {
    const eventId = uniqueName('evt');
    const store = configuredStore();
    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [store.completionAction(eventId)] }));

    await store.deleteRecord(eventId);

    expect((await store.getRecord(eventId)).getStatus()).toBe('COMPLETED');
  });

  it('fails when DynamoDB fails for another reason', async () => {
    const store = new IdempotencyStore({ tableName: uniqueName('missing-table'), client: dynamodb });
    store.configure({ config: new IdempotencyConfig({}), keyPrefix: PREFIX });

    await expect(store.deleteRecord('evt')).rejects.toThrow(/non-existent table|not found|ResourceNotFound/i);
  });

  it('uses a sort key layout when asked', async () => {
    const store = new IdempotencyStore({
      tableName,
      client: dynamodb,
      sortKeyAttr: 'sk',
      staticPkValue: 'IDEMPOTENCY',
    });
    store.configure({ config: new IdempotencyConfig({}), keyPrefix: PREFIX });

    const action = store.completionAction('evt-1');

    expect(action.Update?.Key?.id).toEqual({ S: 'IDEMPOTENCY' });
    expect(action.Update?.Key?.sk?.S).toMatch(new RegExp(`^${PREFIX}#`));
  });

  it('builds its own client when none is given', async () => {
    const eventId = uniqueName('evt');
    const store = new IdempotencyStore({ tableName });
    store.configure({ config: new IdempotencyConfig({}), keyPrefix: PREFIX });
    await store.saveInProgress(eventId, 60_000);

    await store.deleteRecord(eventId);

    await expect(store.getRecord(eventId)).rejects.toMatchObject({ name: 'IdempotencyItemNotFoundError' });
  });
});
