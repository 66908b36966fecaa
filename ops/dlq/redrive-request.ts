import type { Message, MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { isFailureAttribute } from './failure-info.ts';

/**
 * The SendMessageBatch entry that puts a DLQ message back: the same body, its own message
 * attributes without Ferry's failure attributes (the consumer sees a clean message; if it fails
 * again it is dead-lettered with fresh ones), and on a FIFO destination the same message group
 * with a deduplication id derived from the DLQ message id. SQS keeps a message's id across
 * receives, so a redrive that sent but died before deleting sends the same id again and FIFO
 * drops the copy within its 5-minute deduplication window.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 */
export function redriveEntry(
  message: Message,
  id: string,
  destinationUrl: string,
): SendMessageBatchRequestEntry {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (isFailureAttribute(name)) continue;
    attributes[name] =
      value.BinaryValue === undefined
        ? { DataType: value.DataType, StringValue: value.StringValue ?? '' }
        : { DataType: value.DataType, BinaryValue: value.BinaryValue };
  }
  const entry: SendMessageBatchRequestEntry = {
    Id: id,
    MessageBody: message.Body ?? '',
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  };
  if (destinationUrl.endsWith('.fifo')) {
    entry.MessageGroupId = message.Attributes?.MessageGroupId ?? message.MessageId;
    entry.MessageDeduplicationId = `redrive-${message.MessageId ?? id}`;
  }
  return entry;
}
