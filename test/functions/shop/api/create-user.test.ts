import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../functions/shop/api/create-user.ts';
import { errorResponse } from '../../../../runtime/index.ts';
import { fakeOutbox } from '../../../support/fake-outbox.ts';
import { httpEvent } from '../../../support/http-event.ts';
import { createShopTable } from '../../../support/shop-table.ts';
import { uniqueName } from '../../../support/unique-name.ts';

let tableName: string;
const { events, writeWithEvents } = fakeOutbox();

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
