import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

/**
 * The relay most samples show: for each inserted outbox item, one SendMessage, one after the
 * other. It is the baseline of the benchmark, not something to use.
 */
export function naiveRelay(client: SQSClient, queueUrl: string, fifo: boolean) {
  return async (event: DynamoDBStreamEvent): Promise<void> => {
    for (const record of event.Records) {
      if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
      const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      if (item.ferryKind !== 'event') continue;
      const envelope = {
        id: item.id,
        type: item.type,
        source: item.source,
        aggregateId: item.aggregateId,
        sequence: item.sequence,
        occurredAt: item.occurredAt,
        data: JSON.parse(item.data),
      };
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(envelope),
          ...(fifo ? { MessageGroupId: item.aggregateId, MessageDeduplicationId: item.id } : {}),
        }),
      );
    }
  };
}
