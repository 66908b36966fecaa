import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { FerryEnvelope } from '../../runtime/contract.ts';

/** Which lane a notification came through. */
export type Lane = 'urgent' | 'routine';

/** A notification as `GET /customers/{customerId}/notifications` lists it. */
export interface Notification {
  readonly id: string;
  readonly eventId: string;
  readonly kind: string;
  readonly lane: Lane;
  readonly orderId?: string;
  readonly createdAt: string;
}

/**
 * The customer's notification inbox and the activity log. Each entry's key holds the event id and
 * its kind, and is written only if absent: a redelivered event finds its entry and writes nothing,
 * so each event has exactly one effect without a separate idempotency record.
 */
export class Notifications {
  readonly #tableName: string;
  readonly #client: DynamoDBClient;

  constructor(tableName: string, client: DynamoDBClient = new DynamoDBClient({})) {
    this.#tableName = tableName;
    this.#client = client;
  }

  /** Records notification `kind` of `event` for `customerId`; false when it was already there. */
  async notify(
    customerId: string,
    kind: string,
    lane: Lane,
    event: FerryEnvelope,
    orderId?: string,
  ): Promise<boolean> {
    const notification: Notification = {
      id: `${event.id}:${kind}`,
      eventId: event.id,
      kind,
      lane,
      createdAt: new Date().toISOString(),
      ...(orderId ? { orderId } : {}),
    };
    return this.#putOnce({
      pk: `CUSTOMER#${customerId}`,
      sk: `NOTIFICATION#${notification.id}`,
      ...notification,
    });
  }

  /**
   * Records the activity entry of `event` under its aggregate, sorted by the aggregate's sequence;
   * false when it was already there.
   */
  async recordActivity(event: FerryEnvelope, lane: Lane): Promise<boolean> {
    const aggregateId = event.aggregateId ?? 'none';
    const position = String(event.sequence ?? 0).padStart(10, '0');
    return this.#putOnce({
      pk: `ACTIVITY#${aggregateId}`,
      sk: `${position}#${event.id}`,
      eventId: event.id,
      type: event.type,
      sequence: event.sequence,
      lane,
      occurredAt: event.occurredAt,
      recordedAt: new Date().toISOString(),
    });
  }

  /** A customer's notifications, oldest first. */
  async list(customerId: string): Promise<Notification[]> {
    const items: Notification[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': `CUSTOMER#${customerId}`,
            ':prefix': 'NOTIFICATION#',
          }),
          ExclusiveStartKey,
          ConsistentRead: true,
        }),
      );
      for (const raw of page.Items ?? []) {
        const { id, eventId, kind, lane, orderId, createdAt } = unmarshall(raw);
        items.push({ id, eventId, kind, lane, createdAt, ...(orderId ? { orderId } : {}) });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async #putOnce(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
