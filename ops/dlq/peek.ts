import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { type FailureInfo, failureInfoOf } from './failure-info.ts';
import { receiveHeld, releaseMessages } from './held-receive.ts';

/** Options of {@link peekMessages}. */
export interface PeekOptions {
  /** Most messages to show. @default 10 */
  readonly limit?: number;
  /** How long the peeked messages stay hidden if releasing them fails. @default 30 */
  readonly holdSeconds?: number;
}

/**
 * Shows messages of a queue without consuming them, as far as SQS allows: each is received with
 * a short visibility timeout (so the next receive of the same peek moves on to other messages
 * instead of returning it again, as a timeout of 0 would) and then released at once with
 * ChangeMessageVisibility 0. Every peek raises each message's receive count by one; on a DLQ
 * nothing consumes by receive count, so that is harmless. A FIFO queue shows at most the first
 * message of each group (the rest of a group stays hidden while its head is in flight).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
export async function peekMessages(
  sqs: SQSClient,
  queueUrl: string,
  options: PeekOptions = {},
): Promise<FailureInfo[]> {
  const limit = options.limit ?? 10;
  const held: Message[] = [];
  try {
    while (held.length < limit) {
      const messages = await receiveHeld(sqs, queueUrl, limit - held.length, options.holdSeconds ?? 30);
      if (messages.length === 0) break;
      held.push(...messages);
    }
  } finally {
    await releaseMessages(sqs, queueUrl, held);
  }
  return held.map(failureInfoOf);
}
