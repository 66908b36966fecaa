import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import type { BatchChannel } from './batch-channel.ts';
import { MAX_BATCH_ENTRIES, messageBytes, SNS_DEFAULT_MAX_MESSAGE_BYTES } from './limits.ts';
import { batchFailures, stringAttributes } from './sqs-channel.ts';

/** One SNS message to publish. */
export interface SnsMessage {
  readonly message: string;
  /** Required by FIFO topics. */
  readonly groupId?: string;
  /** FIFO topics: SNS drops a second message with this id within 5 minutes. */
  readonly deduplicationId?: string;
  readonly subject?: string;
  /** String message attributes (subscription filter policies can match them). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * The PublishBatch channel of one topic: 10 messages per call, each message and the whole call
 * within the topic's `MaximumMessageSize` (256 KiB unless the topic raises it, up to 1 MiB).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
 */
export function snsChannel(
  client: SNSClient,
  topicArn: string,
  maxMessageBytes: number = SNS_DEFAULT_MAX_MESSAGE_BYTES,
): BatchChannel<SnsMessage> {
  return {
    destination: topicArn,
    maxEntries: MAX_BATCH_ENTRIES,
    maxEntryBytes: maxMessageBytes,
    maxBatchBytes: maxMessageBytes,
    sizeOf: (message) => messageBytes(message.message, message.attributes),
    send: async (messages) => {
      const entries = messages.map(
        (message, position): PublishBatchRequestEntry => ({
          Id: String(position),
          Message: message.message,
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId,
          Subject: message.subject,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      const output = await client.send(
        new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }),
      );
      return batchFailures(
        messages.length,
        (output.Successful ?? []).map((entry) => entry.Id),
        output.Failed ?? [],
      );
    },
  };
}
