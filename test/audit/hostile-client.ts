import { request } from 'node:http';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { HostileMessage, HostileRequest } from './hostile-inputs.ts';

/** An answer as the wire carried it. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * Sends `hostile` byte for byte with node:http (fetch would normalise `%2e%2e` and `..` away and
 * join repeated headers itself). A server that answers before reading the whole body (413 over
 * the gateway quota) may reset the upload: the answer received counts, the write error does not.
 */
export function sendRaw(baseUrl: string, hostile: HostileRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = hostile.bodyBase64 !== undefined ? Buffer.from(hostile.bodyBase64, 'base64') : hostile.body;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of hostile.headers ?? []) {
    const previous = headers[name];
    headers[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(
      { host: url.hostname, port: url.port, method: hostile.method, path: hostile.path, headers },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(body);
  });
}

/** Sends one corpus message to `queueUrl` (a FIFO queue gets a group and deduplication id of its own). */
export async function sendHostileMessage(
  sqs: SQSClient,
  queueUrl: string,
  message: HostileMessage,
): Promise<void> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.attributes ?? {})) {
    attributes[name] = value.startsWith('Binary:')
      ? { DataType: 'Binary', BinaryValue: Buffer.from(value.slice('Binary:'.length), 'base64') }
      : { DataType: 'String', StringValue: value };
  }
  const fifo = queueUrl.endsWith('.fifo');
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: message.body,
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
      ...(fifo ? { MessageGroupId: crypto.randomUUID(), MessageDeduplicationId: crypto.randomUUID() } : {}),
    }),
  );
}

/** Receives and deletes what is on `queueUrl` now, until a receive comes back empty. */
export async function takeAll(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const taken: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return taken;
    taken.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}
