import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { FAILURE_ATTRIBUTES } from '../runtime/contract.ts';
import type {
  ActivityEntry,
  DeadLetter,
  StoredNotification,
  StoredOrder,
  SystemState,
} from './system-state.ts';
import { type CloudResources, clientConfig } from './target.ts';

/** Scans a whole table (consistent reads), page by page. */
export async function* scanTable(
  client: DynamoDBClient,
  tableName: string,
): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) yield unmarshall(item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * Reads this run's part of the shop table (orders of its customers, their ledgers, notifications and
 * activity, its SKUs and users) and every message of every DLQ, straight from the emulators.
 * DLQ messages are received with a visibility timeout and left in place (they reappear).
 */
export async function readSystemState(
  resources: CloudResources,
  runId: string,
  options: { readonly deadLetters?: boolean } = {},
): Promise<SystemState> {
  const dynamodb = new DynamoDBClient(clientConfig(resources, 'AWS_ENDPOINT_URL_DYNAMODB'));
  const orders = new Map<string, StoredOrder>();
  const ledger = new Map<string, { attempts: number; charges: number }>();
  const notifications: StoredNotification[] = [];
  const activity: ActivityEntry[] = [];
  const stock = new Map<string, number>();
  const users: { userId: string; email: string }[] = [];
  for await (const item of scanTable(dynamodb, resources.shopTable)) {
    const pk = String(item.pk);
    if (pk.startsWith('ORDER#') && String(item.customerId).startsWith(runId)) {
      orders.set(String(item.orderId), item as unknown as StoredOrder);
    } else if (pk.startsWith('PAYMENT#')) {
      ledger.set(pk.slice('PAYMENT#'.length), {
        attempts: Number(item.attempts ?? 0),
        charges: Number(item.charges ?? 0),
      });
    } else if (pk.startsWith('CUSTOMER#')) {
      const customerId = pk.slice('CUSTOMER#'.length);
      notifications.push({
        customerId,
        eventId: String(item.eventId),
        kind: String(item.kind),
        ...(item.orderId ? { orderId: String(item.orderId) } : {}),
      });
    } else if (pk.startsWith('ACTIVITY#')) {
      activity.push({
        aggregateId: pk.slice('ACTIVITY#'.length),
        sequence: Number(item.sequence ?? 0),
        eventId: String(item.eventId),
        type: String(item.type),
      });
    } else if (pk.startsWith(`INVENTORY#${runId}`)) {
      stock.set(String(item.sku), Number(item.available));
    } else if (pk.startsWith('USER#') && String(item.email).startsWith(runId)) {
      users.push({ userId: String(item.userId), email: String(item.email) });
    }
  }
  const ids = new Set([...orders.keys(), ...users.map((u) => u.userId)]);
  return {
    orders,
    ledger: new Map([...ledger].filter(([orderId]) => orders.has(orderId))),
    notifications: notifications.filter((n) => n.customerId.startsWith(runId) || ids.has(n.customerId)),
    activity: activity.filter((a) => ids.has(a.aggregateId)),
    stock,
    users,
    deadLetters: (options.deadLetters === false ? [] : await readDeadLetters(resources)).filter(
      (d) => !d.orderId || orders.has(d.orderId) || ids.has(d.orderId),
    ),
  };
}

/** Every message of every DLQ, received once with a long visibility timeout (so each is seen once). */
export async function readDeadLetters(resources: CloudResources): Promise<DeadLetter[]> {
  const sqs = new SQSClient(clientConfig(resources, 'AWS_ENDPOINT_URL_SQS'));
  const letters: DeadLetter[] = [];
  for (const queue of resources.queues.filter((q) => q.deadLetter)) {
    let empty = 0;
    while (empty < 2) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 120,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      empty = Messages.length === 0 ? empty + 1 : 0;
      for (const message of Messages)
        letters.push(
          deadLetterOf(
            queue.logicalId,
            message.Body ?? '',
            message.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue,
          ),
        );
    }
  }
  return letters;
}

function deadLetterOf(queue: string, body: string, errorName: string | undefined): DeadLetter {
  let envelope: { id?: unknown; type?: unknown; aggregateId?: unknown; data?: { orderId?: unknown } } = {};
  try {
    envelope = JSON.parse(body) as typeof envelope;
  } catch {
    // Not an envelope: listed with the queue only.
  }
  const orderId = envelope.data?.orderId ?? envelope.aggregateId;
  return {
    queue,
    ...(typeof envelope.id === 'string' ? { eventId: envelope.id } : {}),
    ...(typeof envelope.type === 'string' ? { eventType: envelope.type } : {}),
    ...(typeof orderId === 'string' ? { orderId } : {}),
    ...(errorName ? { errorName } : {}),
  };
}
