import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReadRoutes } from '../../../../functions/shop/api/read-routes.ts';
import { PaymentProvider } from '../../../../functions/shop/payment-provider.ts';
import { errorResponse } from '../../../../runtime/index.ts';
import { httpEvent } from '../../../support/http-event.ts';
import { createShopTable } from '../../../support/shop-table.ts';
import { uniqueName } from '../../../support/unique-name.ts';

let tableName: string;
let routes: ReadRoutes;

beforeAll(async () => {
  tableName = await createShopTable('read-api');
  routes = new ReadRoutes(tableName);
});

const answer = (promise: Promise<APIGatewayProxyStructuredResultV2>) => promise.catch(errorResponse);
const json = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body ?? '');

describe('ReadRoutes', () => {
  it('sets and reads the stock of a SKU', async () => {
    const sku = uniqueName('sku');

    const put = await answer(
      routes.putInventory(
        httpEvent('PUT /inventory/{sku}', { pathParameters: { sku }, body: { available: 7 } }),
      ),
    );
    const got = await answer(
      routes.getInventory(httpEvent('GET /inventory/{sku}', { pathParameters: { sku } })),
    );

    expect([put.statusCode, json(put)]).toEqual([200, { sku, available: 7 }]);
    expect([got.statusCode, json(got)]).toEqual([200, { sku, available: 7 }]);
  });

  it('fails with 404 for a SKU never set', async () => {
    const response = await answer(
      routes.getInventory(httpEvent('GET /inventory/{sku}', { pathParameters: { sku: 'nope' } })),
    );

    expect(response.statusCode).toBe(404);
    expect(json(response).detail).toContain('PUT /inventory/nope');
  });

  it('fails with 400 for a negative or fractional stock', async () => {
    const put = (available: unknown) =>
      answer(
        routes.putInventory(
          httpEvent('PUT /inventory/{sku}', { pathParameters: { sku: 's' }, body: { available } }),
        ),
      );

    expect((await put(-1)).statusCode).toBe(400);
    expect((await put(1.5)).statusCode).toBe(400);
    expect((await put('3')).statusCode).toBe(400);
  });

  it('fails with 404 for an unknown order', async () => {
    const response = await answer(
      routes.getOrder(httpEvent('GET /orders/{orderId}', { pathParameters: { orderId: 'x' } })),
    );

    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });

  it('lists no notifications for a new customer', async () => {
    const response = await answer(
      routes.listNotifications(
        httpEvent('GET /customers/{customerId}/notifications', { pathParameters: { customerId: 'c' } }),
      ),
    );

    expect([response.statusCode, json(response)]).toEqual([200, { items: [] }]);
  });

  it('shows the payment ledger of an order', async () => {
    const orderId = uniqueName('order');
    await new PaymentProvider(tableName).charge(orderId, 'tok_ok');

    const response = await answer(
      routes.getPayment(httpEvent('GET /payments/{orderId}', { pathParameters: { orderId } })),
    );

    expect(json(response)).toEqual({ orderId, attempts: 1, charges: 1 });
  });
});
