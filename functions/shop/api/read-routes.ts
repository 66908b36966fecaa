import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpProblem } from '../../../runtime/http/problem-details.ts';
import { parseJsonBody } from '../../../runtime/http/request-body.ts';
import { jsonResponse } from '../../../runtime/http/responses.ts';
import { Notifications } from '../notifications.ts';
import { PaymentProvider } from '../payment-provider.ts';
import { setInventoryBody } from '../schemas.ts';
import { inventoryKey, orderKey } from '../shop-table.ts';

/** The shop's simple routes: reads, and setting stock. Each answers one API Gateway event. */
export class ReadRoutes {
  readonly #tableName: string;
  readonly #client: DynamoDBClient;

  constructor(tableName: string, client: DynamoDBClient = new DynamoDBClient({})) {
    this.#tableName = tableName;
    this.#client = client;
  }

  /** `GET /orders/{orderId}` */
  async getOrder(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const orderId = pathParameter(event, 'orderId');
    const order = await this.readOrder(orderId);
    if (!order) throw notFound(`No order has the id "${orderId}".`);
    return jsonResponse(200, order);
  }

  /** The order resource, or undefined when there is none. */
  async readOrder(orderId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(orderKey(orderId)),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { orderId: id, customerId, items, status, reason, createdAt, updatedAt } = unmarshall(Item);
    return { orderId: id, customerId, items, status, ...(reason ? { reason } : {}), createdAt, updatedAt };
  }

  /** `PUT /inventory/{sku}` */
  async putInventory(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const sku = pathParameter(event, 'sku');
    const { available } = parseJsonBody(event, setInventoryBody);
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#tableName,
        Item: marshall({ ...inventoryKey(sku), sku, available }),
      }),
    );
    return jsonResponse(200, { sku, available });
  }

  /** `GET /inventory/{sku}` */
  async getInventory(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const sku = pathParameter(event, 'sku');
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(inventoryKey(sku)),
        ConsistentRead: true,
      }),
    );
    if (!Item) throw notFound(`The stock of SKU "${sku}" was never set. Set it with PUT /inventory/${sku}.`);
    return jsonResponse(200, { sku, available: Number(unmarshall(Item).available) });
  }

  /** `GET /customers/{customerId}/notifications` */
  async listNotifications(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const items = await new Notifications(this.#tableName, this.#client).list(
      pathParameter(event, 'customerId'),
    );
    return jsonResponse(200, { items });
  }

  /** `GET /payments/{orderId}` */
  async getPayment(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    return jsonResponse(
      200,
      await new PaymentProvider(this.#tableName, this.#client).ledger(pathParameter(event, 'orderId')),
    );
  }
}

/** A path parameter API Gateway extracted (URL-decoded); its absence means a routing mistake. */
export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value || value.length > 256) throw notFound(`The path has no valid {${name}}.`);
  return value;
}

function notFound(detail: string) {
  return httpProblem(404, 'not-found', 'Not found', detail);
}
