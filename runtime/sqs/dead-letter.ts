import type { MessageAttributeValue, SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { FAILURE_ATTRIBUTES } from '../contract.ts';
import { describeError } from '../errors.ts';
import { firstSeenMillisOf, messageGroupOf, receiveCountOf } from './record-attributes.ts';
import { loadSqsSdk } from './sqs-sdk.ts';

/**
 * Most message attributes one SQS message may carry.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
const MAX_MESSAGE_ATTRIBUTES = 10;
/** Error messages are cut to this many characters: they count towards the message size limit. */
const MAX_ERROR_MESSAGE_CHARS = 2_048;

/** What {@link deadLetterRequest} kept and left out of the original message. */
export interface DeadLetterRequest {
  readonly input: SendMessageCommandInput;
  /** Original attribute names that did not fit next to Ferry's failure attributes. */
  readonly droppedAttributes: readonly string[];
}

function toSdkAttribute(value: SQSMessageAttributes[string]): MessageAttributeValue {
  if (value.binaryValue !== undefined) {
    return { DataType: value.dataType, BinaryValue: Buffer.from(value.binaryValue, 'base64') };
  }
  return { DataType: value.dataType, StringValue: value.stringValue ?? '' };
}

/**
 * Builds the SendMessage that parks `record` in the DLQ at `deadLetterQueueUrl`: the original
 * body, the {@link FAILURE_ATTRIBUTES} that say why (error name and message, original message id,
 * source queue ARN, receive count, first-seen time as ISO 8601), and as many of the original
 * attributes as still fit (a message holds at most 10). A FIFO DLQ (URL ending `.fifo`) keeps the
 * message group and deduplicates on the original message id, so a retried send cannot park the
 * message twice within the 5-minute deduplication window.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
 */
export function deadLetterRequest(
  deadLetterQueueUrl: string,
  record: SQSRecord,
  error: unknown,
): DeadLetterRequest {
  const { name, message } = describeError(error);
  const firstSeen = firstSeenMillisOf(record);
  const attributes: Record<string, MessageAttributeValue> = {
    [FAILURE_ATTRIBUTES.errorName]: { DataType: 'String', StringValue: name },
    [FAILURE_ATTRIBUTES.errorMessage]: {
      DataType: 'String',
      StringValue: message.slice(0, MAX_ERROR_MESSAGE_CHARS) || '(no message)',
    },
    [FAILURE_ATTRIBUTES.originalMessageId]: { DataType: 'String', StringValue: record.messageId },
    [FAILURE_ATTRIBUTES.sourceQueue]: { DataType: 'String', StringValue: record.eventSourceARN || 'unknown' },
    [FAILURE_ATTRIBUTES.receiveCount]: { DataType: 'Number', StringValue: String(receiveCountOf(record)) },
  };
  if (firstSeen !== undefined) {
    attributes[FAILURE_ATTRIBUTES.firstSeen] = {
      DataType: 'String',
      StringValue: new Date(firstSeen).toISOString(),
    };
  }
  const droppedAttributes: string[] = [];
  for (const [key, value] of Object.entries(record.messageAttributes ?? {})) {
    if (key in attributes) continue;
    if (Object.keys(attributes).length >= MAX_MESSAGE_ATTRIBUTES) droppedAttributes.push(key);
    else attributes[key] = toSdkAttribute(value);
  }
  const input: SendMessageCommandInput = {
    QueueUrl: deadLetterQueueUrl,
    MessageBody: record.body,
    MessageAttributes: attributes,
  };
  const traceHeader = record.attributes?.AWSTraceHeader;
  if (traceHeader) {
    input.MessageSystemAttributes = { AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } };
  }
  if (deadLetterQueueUrl.endsWith('.fifo')) {
    input.MessageGroupId = messageGroupOf(record) || record.messageId;
    input.MessageDeduplicationId = record.messageId;
  }
  return { input, droppedAttributes };
}

/** Sends `record` to the DLQ (see {@link deadLetterRequest}); rejects when SQS refuses it. */
export async function sendToDeadLetterQueue(
  client: SQSClient,
  deadLetterQueueUrl: string,
  record: SQSRecord,
  error: unknown,
): Promise<DeadLetterRequest> {
  const request = deadLetterRequest(deadLetterQueueUrl, record, error);
  const { SendMessageCommand } = await loadSqsSdk();
  await client.send(new SendMessageCommand(request.input));
  return request;
}
