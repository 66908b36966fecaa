import type { Message } from '@aws-sdk/client-sqs';
import { FAILURE_ATTRIBUTES } from '../../runtime/contract.ts';

/** Why a message is in a DLQ, as Ferry's failure attributes and SQS's own attributes tell it. */
export interface FailureInfo {
  /** The DLQ's own message id (the receive is what the CLI acts on). */
  readonly messageId: string;
  readonly errorName?: string;
  readonly errorMessage?: string;
  readonly originalMessageId?: string;
  /** ARN of the queue the message failed on: Ferry's attribute, else SQS's DeadLetterQueueSourceArn. */
  readonly sourceQueue?: string;
  /** Receives before it was dead-lettered (Ferry's attribute). */
  readonly receiveCount?: number;
  /** When the message was first received from its source queue, ISO 8601. */
  readonly firstSeen?: string;
  /** When the message was sent to the queue it is in now, ISO 8601 (SQS SentTimestamp). */
  readonly sentAt?: string;
  /** Receives from the DLQ itself, this one included: peeking raises it. */
  readonly dlqReceiveCount: number;
  readonly messageGroupId?: string;
  readonly body: string;
}

const FERRY_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(Object.values(FAILURE_ATTRIBUTES));

/** True for the names of Ferry's failure attributes, which a redrive strips. */
export function isFailureAttribute(name: string): boolean {
  return FERRY_ATTRIBUTE_NAMES.has(name);
}

/** Reads Ferry's failure attributes and the SQS system attributes of a received DLQ message. */
export function failureInfoOf(message: Message): FailureInfo {
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const system = message.Attributes ?? {};
  const receiveCount = attribute(FAILURE_ATTRIBUTES.receiveCount);
  const sent = Number(system.SentTimestamp);
  return {
    messageId: message.MessageId ?? '',
    errorName: attribute(FAILURE_ATTRIBUTES.errorName),
    errorMessage: attribute(FAILURE_ATTRIBUTES.errorMessage),
    originalMessageId: attribute(FAILURE_ATTRIBUTES.originalMessageId),
    // SQS adds DeadLetterQueueSourceArn when its own redrive policy moved the message.
    // @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
    sourceQueue: attribute(FAILURE_ATTRIBUTES.sourceQueue) ?? system.DeadLetterQueueSourceArn,
    receiveCount: receiveCount === undefined ? undefined : Number(receiveCount),
    firstSeen: attribute(FAILURE_ATTRIBUTES.firstSeen),
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined,
    dlqReceiveCount: Number(system.ApproximateReceiveCount ?? 1),
    messageGroupId: system.MessageGroupId,
    body: message.Body ?? '',
  };
}
