import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Most entries of one SQS batch call. */
export const SQS_BATCH_SIZE = 10;

/** Long-poll wait that confirms a queue is empty when a short poll found nothing. */
const CONFIRM_EMPTY_WAIT_SECONDS = 1;

/**
 * Receives up to `max` messages, each hidden for `visibilityTimeoutSeconds`, with all message and
 * system attributes. SQS has no peek: every receive raises ApproximateReceiveCount. A short poll
 * asks only some of the SQS servers and may come back empty while messages wait, so an empty
 * answer is checked once with a 1-second long poll, which asks them all: callers stop on empty.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
 */
export async function receiveHeld(
  sqs: SQSClient,
  queueUrl: string,
  max: number,
  visibilityTimeoutSeconds: number,
): Promise<Message[]> {
  const receive = async (waitTimeSeconds: number) => {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.max(1, Math.min(SQS_BATCH_SIZE, max)),
        VisibilityTimeout: visibilityTimeoutSeconds,
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return output.Messages ?? [];
  };
  const messages = await receive(0);
  return messages.length > 0 ? messages : receive(CONFIRM_EMPTY_WAIT_SECONDS);
}

/**
 * Makes received messages visible again at once (visibility timeout 0), ten per call, so the
 * next consumer or redrive sees them without waiting for the hold to run out.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html
 */
export async function releaseMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
    const chunk = messages.slice(start, start + SQS_BATCH_SIZE);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}
