import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { BatchChannel, EntryFailure } from './batch-channel.ts';
import { MAX_BATCH_ENTRIES, messageBytes, SQS_MAX_BATCH_BYTES, SQS_MAX_MESSAGE_BYTES } from './limits.ts';

/** One SQS message to send. */
export interface SqsMessage {
  readonly body: string;
  /** Required by FIFO queues: messages of one group are delivered in order. */
  readonly groupId?: string;
  /** FIFO: SQS drops a second message with this id within 5 minutes. */
  readonly deduplicationId?: string;
  /** Standard queues only. */
  readonly delaySeconds?: number;
  /** String message attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The `String` message attributes SQS and SNS take, from a plain name-to-value map. */
export function stringAttributes(
  attributes: Readonly<Record<string, string>> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (attributes === undefined || Object.keys(attributes).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );
}

/**
 * Maps the `Failed` list of a batch response (entry ids are positions) to {@link EntryFailure}s.
 * An entry in neither list counts as failed, so a short response can never lose a message.
 */
export function batchFailures(
  count: number,
  successfulIds: readonly (string | undefined)[],
  failed: readonly { Id?: string; Code?: string; Message?: string; SenderFault?: boolean }[],
): EntryFailure[] {
  const failures: EntryFailure[] = [];
  const seen = new Set(successfulIds);
  for (const entry of failed) {
    seen.add(entry.Id);
    failures.push({
      position: Number(entry.Id),
      code: entry.Code ?? 'Unknown',
      message: entry.Message ?? 'no message from the service',
      rejected: entry.SenderFault === true,
    });
  }
  for (let position = 0; position < count; position += 1) {
    if (!seen.has(String(position))) {
      failures.push({
        position,
        code: 'MissingFromResponse',
        message: 'the batch response listed this entry neither as successful nor as failed',
        rejected: false,
      });
    }
  }
  return failures;
}

/**
 * The SendMessageBatch channel of one queue: 10 messages and 1 MiB per call.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export function sqsChannel(client: SQSClient, queueUrl: string): BatchChannel<SqsMessage> {
  return {
    destination: queueUrl,
    maxEntries: MAX_BATCH_ENTRIES,
    maxEntryBytes: SQS_MAX_MESSAGE_BYTES,
    maxBatchBytes: SQS_MAX_BATCH_BYTES,
    sizeOf: (message) => messageBytes(message.body, message.attributes),
    send: async (messages) => {
      const entries = messages.map(
        (message, position): SendMessageBatchRequestEntry => ({
          Id: String(position),
          MessageBody: message.body,
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId,
          DelaySeconds: message.delaySeconds,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      const output = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      return batchFailures(
        messages.length,
        (output.Successful ?? []).map((entry) => entry.Id),
        output.Failed ?? [],
      );
    },
  };
}
