import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Most entries of one SQS batch call. */
export const SQS_BATCH_SIZE = 10;

/**
 * Receives up to `max` messages, each hidden for `visibilityTimeoutSeconds`, with all message and
 * system attributes. SQS has no peek: every receive raises ApproximateReceiveCount.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
 */
export async function receiveHeld(
  sqs: SQSClient,
  queueUrl: string,
  max: number,
  visibilityTimeoutSeconds: number,
): Promise<Message[]> {
  const output = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.max(1, Math.min(SQS_BATCH_SIZE, max)),
      VisibilityTimeout: visibilityTimeoutSeconds,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return output.Messages ?? [];
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
