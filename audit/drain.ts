import { setTimeout as delay } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type CloudResources, clientConfig } from './target.ts';

/** How the drain went. */
export interface DrainResult {
  readonly drained: boolean;
  readonly seconds: number;
}

/**
 * Waits until every source queue (all but the DLQs) has nothing visible, in flight or delayed, three
 * checks in a row one second apart, and `settled()` (every accepted order final or dead-lettered)
 * holds; gives up after `timeoutSeconds`.
 */
export async function drainPipeline(
  resources: CloudResources,
  settled: () => Promise<boolean>,
  timeoutSeconds: number,
  log: (line: string) => void,
): Promise<DrainResult> {
  const sqs = new SQSClient(clientConfig(resources, 'AWS_ENDPOINT_URL_SQS'));
  const sources = resources.queues.filter((q) => !q.deadLetter);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let quiet = 0;
  let lastLog = 0;
  while (elapsed() < timeoutSeconds) {
    const depths = await Promise.all(
      sources.map(async (queue) => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
              'ApproximateNumberOfMessagesDelayed',
            ],
          }),
        );
        return Object.values(Attributes).reduce((sum, value) => sum + Number(value), 0);
      }),
    );
    const total = depths.reduce((a, b) => a + b, 0);
    quiet = total === 0 ? quiet + 1 : 0;
    if (quiet >= 3 && (await settled())) return { drained: true, seconds: elapsed() };
    if (elapsed() - lastLog > 10) {
      lastLog = elapsed();
      log(`audit: draining, ${total} messages in source queues after ${Math.round(lastLog)} s`);
    }
    await delay(1000);
  }
  return { drained: false, seconds: elapsed() };
}
