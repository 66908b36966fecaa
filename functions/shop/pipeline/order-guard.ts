import { DynamoDBClient, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BusinessRuleError } from '../../../runtime/errors.ts';
import { orderKey } from '../shop-table.ts';

/**
 * An event names an order that does not exist, or that is already final: it was forged, or sent
 * to the wrong queue. Retrying cannot help, so the message is dead-lettered with this reason, and
 * nothing (stock, charge) is taken for it.
 */
export class OrderNotPendingError extends BusinessRuleError {
  override readonly name = 'OrderNotPendingError';

  constructor(orderId: string, eventType: string, status: string | undefined) {
    super(
      `${eventType} names order "${orderId}", which ${status === undefined ? 'does not exist' : `is ${status}, not PENDING`}; nothing was taken for it. Check the producer of this message.`,
    );
  }
}

/** A transaction action that holds only while the order exists and is PENDING. */
export function orderIsPending(tableName: string, orderId: string): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: marshall(orderKey(orderId)),
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: marshall({ ':pending': 'PENDING' }),
    },
  };
}

let sharedClient: DynamoDBClient | undefined;

/** The order's status (consistent read), or undefined when there is no such order. */
export async function orderStatus(
  tableName: string,
  orderId: string,
  client?: DynamoDBClient,
): Promise<string | undefined> {
  sharedClient ??= new DynamoDBClient({});
  const { Item } = await (client ?? sharedClient).send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall(orderKey(orderId)),
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    }),
  );
  return Item?.status?.S;
}

/** True when a cancelled transaction failed on the condition of action `index`. */
export function failedOnAction(error: unknown, index: number): boolean {
  const reasons = (error as { reasons?: readonly { code: string }[] }).reasons;
  return reasons?.[index]?.code === 'ConditionalCheckFailed';
}
