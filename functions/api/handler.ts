import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { IdempotentRequests } from '../../runtime/http/idempotent-request.ts';
import { errorResponse, httpProblem } from '../../runtime/http/problem-details.ts';
import { OutboxWriter } from '../../runtime/outbox/outbox-writer.ts';
import { createUser } from '../shop/api/create-user.ts';
import { placeOrder } from '../shop/api/place-order.ts';
import { ReadRoutes } from '../shop/api/read-routes.ts';
import { requiredEnv, SHOP_ENV } from '../shop/shop-config.ts';

const tableName = requiredEnv(SHOP_ENV.table);
const reads = new ReadRoutes(tableName);
const requests = new IdempotentRequests({ tableName, sortKey: 'sk' });
const { write: writeWithEvents } = new OutboxWriter({ source: 'shop.api' });

type Route = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// API Gateway matched the route already; its key picks the code.
const routes: Record<string, Route> = {
  'POST /orders': (event, context) =>
    placeOrder(event, {
      tableName,
      requests,
      writeWithEvents,
      readOrder: (orderId) => reads.readOrder(orderId),
      remainingMillis: () => context.getRemainingTimeInMillis(),
    }),
  'GET /orders/{orderId}': (event) => reads.getOrder(event),
  'PUT /inventory/{sku}': (event) => reads.putInventory(event),
  'GET /inventory/{sku}': (event) => reads.getInventory(event),
  'POST /users': (event) => createUser(event, { tableName, writeWithEvents }),
  'GET /customers/{customerId}/notifications': (event) => reads.listNotifications(event),
  'GET /payments/{orderId}': (event) => reads.getPayment(event),
};

/** The shop's HTTP API (API Gateway HTTP API, payload format 2.0); every error is problem details. */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const route = routes[event.routeKey];
  try {
    if (!route) throw httpProblem(404, 'not-found', 'Not found', `No route for ${event.routeKey}.`);
    return await route(event, context);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'HttpProblem')) console.error('Request failed', error);
    return errorResponse(error);
  }
}
