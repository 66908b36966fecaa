import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../functions/shop/api/create-user.ts';
import type { NewEvent, WriteWithEvents } from '../../../../functions/shop/api/place-order.ts';
import { errorResponse, TransactionCancelledError } from '../../../../runtime/index.ts';
import { httpEvent } from '../../../support/http-event.ts';
import { createShopTable } from '../../../support/shop-table.ts';
import { uniqueName } from '../../../support/unique-name.ts';

const dynamodb = new DynamoDBClient({});
let tableName: string;
const events: NewEvent[] = [];

// Stands in for the outbox writer: one transaction, and cancellation reasons in its error shape.
const writeWithEvents: WriteWithEvents = async (actions, newEvents) => {
  try {
    await dynamodb.send(new TransactWriteItemsCommand({ TransactItems: actions }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = (error.CancellationReasons ?? []).map((r) => ({ code: r.Code ?? 'None' }));
    throw new TransactionCancelledError('cancelled', reasons);
  }
  events.push(...newEvents);
};

beforeAll(async () => {
  tableName = await createShopTable('users-api');
});

const post = (body: unknown) =>
  createUser(httpEvent('POST /users', { body }), { tableName, writeWithEvents }).catch(errorResponse);

describe('createUser', () => {
  it('answers 201 with Location and writes UserCreated', async () => {
    const response = await post({ email: `${uniqueName('ada')}@example.com`, name: 'Ada' });

    const { userId } = JSON.parse(response.body ?? '');
    expect(response.statusCode).toBe(201);
    expect(response.headers?.location).toBe(`/users/${userId}`);
    expect(events.at(-1)).toMatchObject({ type: 'UserCreated', aggregateId: userId });
  });

  it('fails with 409 for an email already taken, whatever its case, and writes no event', async () => {
    const email = `${uniqueName('bob')}@example.com`;
    await post({ email, name: 'Bob' });
    const before = events.length;

    const response = await post({ email: email.toUpperCase(), name: 'Bob again' });

    expect(response.statusCode).toBe(409);
    expect(events.length).toBe(before);
  });

  it('fails with 400 for an invalid email', async () => {
    expect((await post({ email: 'not-an-email', name: 'X' })).statusCode).toBe(400);
  });
});
