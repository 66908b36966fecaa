import type { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigurationError } from '../errors.ts';
import { defaultSqsClient } from '../sqs/sqs-client.ts';
import { type PublishInBatchesOptions, publishInBatches } from './publish-in-batches.ts';
import { assertSizes, numberedItems, type SendReport, settleReport } from './publish-report.ts';
import { type SqsMessage, sqsChannel } from './sqs-channel.ts';

/** Options of {@link sendMessages}. */
export interface SendOptions extends PublishInBatchesOptions {
  /** @default the process-wide client */
  readonly client?: SQSClient;
}

/**
 * Sends `messages` to the queue at `queueUrl` with SendMessageBatch, 10 to a call, and resolves
 * once every one is delivered.
 *
 * - Sizes are checked first (1 MiB per message and per call): an oversized message throws a
 *   `MessageTooLargeError` and nothing is sent.
 * - Entries reported `Failed` are retried with full-jitter backoff; entries SQS rejects as
 *   invalid (`SenderFault`) are not.
 * - FIFO queues (URL ending `.fifo`): every message needs a `groupId`; messages of a group are
 *   sent in order, one per call (calls fill up with other groups), and after one fails the later
 *   ones of its group are not sent, so a retry can never land behind its successor.
 * - Whatever is not delivered in the end is listed in the `PublishError` it throws (the others
 *   were delivered): nothing is dropped silently.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export async function sendMessages(
  queueUrl: string,
  messages: readonly SqsMessage[],
  options: SendOptions = {},
): Promise<SendReport> {
  const fifo = queueUrl.endsWith('.fifo');
  if (fifo) {
    const index = messages.findIndex((message) => !message.groupId);
    if (index >= 0) {
      throw new ConfigurationError(
        `Message #${index} for the FIFO queue ${queueUrl} has no groupId; give every message of a FIFO queue a message group id. Nothing was sent.`,
      );
    }
  }
  const channel = sqsChannel(options.client ?? defaultSqsClient(), queueUrl);
  const items = numberedItems(messages, (message) => (fifo ? message.groupId : undefined));
  assertSizes(channel, items);
  return settleReport(
    queueUrl,
    await publishInBatches(channel, items, { oneItemPerGroupPerCall: fifo, ...options }),
  );
}

/** Sends one message (see {@link sendMessages}). */
export function sendMessage(
  queueUrl: string,
  message: SqsMessage,
  options: SendOptions = {},
): Promise<SendReport> {
  return sendMessages(queueUrl, [message], options);
}
