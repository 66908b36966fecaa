import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  resolveLocalhostSubdomains,
  type SqsEmulator,
  startSqsEmulator,
} from '../../../local/emulators/index.ts';
import { MetricStore } from '../../../local/observability/metric-store.ts';
import { countQueueTraffic, sampleQueues } from '../../../local/observability/sqs-recorder.ts';

let emulator: SqsEmulator;
let sqs: SQSClient;

beforeAll(async () => {
  resolveLocalhostSubdomains();
  emulator = await startSqsEmulator();
  sqs = new SQSClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sqs?.destroy();
  await emulator?.stop();
});

const last = (store: MetricStore, metricName: string) =>
  store.summaries().find((s) => s.id.metricName === metricName && s.id.dimensions.QueueName === 'orders');

describe('sqs recorders', () => {
  it('count sends and deletes, and sample visible and in-flight messages', async () => {
    const { queueUrl } = emulator.server.createQueue('orders');
    const store = new MetricStore();
    const stop = countQueueTraffic(emulator.server, store);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b' }));
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 2 }),
    );
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages?.[0]?.ReceiptHandle }),
    );

    sampleQueues(emulator.server, [{ queueName: 'orders' }], store);
    stop();

    expect(last(store, 'NumberOfMessagesSent')?.sum).toBe(2);
    expect(last(store, 'NumberOfMessagesDeleted')?.sum).toBe(1);
    expect(last(store, 'ApproximateNumberOfMessagesVisible')?.last).toBe(0);
    expect(last(store, 'ApproximateNumberOfMessagesNotVisible')?.last).toBe(1);
    expect(last(store, 'ApproximateAgeOfOldestMessage')?.last).toBeGreaterThanOrEqual(0);
  });
});
