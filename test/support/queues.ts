import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { uniqueName } from './unique-name.ts';

let client: SQSClient | undefined;

/** The SQS client of these helpers (the run's fauxqs). */
export function testSqsClient(): SQSClient {
  client ??= new SQSClient({});
  return client;
}

/** Creates a fresh queue (FIFO when asked) and returns its URL. */
export async function createQueue(prefix: string, options: { fifo?: boolean } = {}): Promise<string> {
  const output = await testSqsClient().send(
    new CreateQueueCommand({
      QueueName: uniqueName(prefix, options),
      Attributes: options.fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  if (!output.QueueUrl) throw new Error('CreateQueue returned no queue URL');
  return output.QueueUrl;
}

/**
 * Receives and deletes messages until `expected` have arrived (or, without it, until the queue
 * stays empty for `idleMillis`), and returns them in receive order.
 */
export async function drainQueue(
  queueUrl: string,
  options: { expected?: number; idleMillis?: number; timeoutMillis?: number } = {},
): Promise<Message[]> {
  const received: Message[] = [];
  const idleMillis = options.idleMillis ?? 300;
  const deadline = Date.now() + (options.timeoutMillis ?? 20_000);
  let idleSince = Date.now();
  while (Date.now() < deadline) {
    if (options.expected !== undefined && received.length >= options.expected) break;
    const output = await testSqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = output.Messages ?? [];
    if (messages.length === 0) {
      if (options.expected === undefined && Date.now() - idleSince >= idleMillis) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    idleSince = Date.now();
    received.push(...messages);
    await testSqsClient().send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
  }
  return received;
}

/** Messages on the queue, visible or in flight (both approximate, as SQS reports them). */
export async function queueBacklog(queueUrl: string, sqs: SQSClient = testSqsClient()): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}
