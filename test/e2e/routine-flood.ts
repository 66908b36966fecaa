import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '../../local/cloud/local-cloud.ts';
import { queueBacklog } from '../support/queues.ts';
import type { shopClient } from './shop-client.ts';

const sqs = new SQSClient({});

/** The URL of a queue of the shop stack, by its construct path (the logical id less CDK's hash). */
export function shopQueueUrl(cloud: LocalCloud, logicalIdStem: string): string {
  const logicalId = new RegExp(`^${logicalIdStem}[0-9A-F]{8}$`);
  const queue = cloud.provisioned.resources.find(
    (r) => r.stackName === 'FerryShop' && r.type === 'AWS::SQS::Queue' && logicalId.test(r.logicalId),
  );
  if (!queue) throw new Error(`The shop stack has no queue with logical id ${logicalIdStem}<hash>.`);
  return String(queue.ref);
}

/**
 * Queues `count` `UserCreated` events for users `<userPrefix>-<n>` straight on the routine lane's
 * queue (each earns a `welcome` notification), 10 per SendMessageBatch, 8 batches in flight.
 */
export async function floodRoutineLane(queueUrl: string, count: number, userPrefix = 'flood'): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const first = next;
      next += 10;
      const size = Math.min(10, count - first);
      const Entries = Array.from({ length: size }, (_, k) => ({
        Id: String(k),
        MessageBody: JSON.stringify({
          id: randomUUID(),
          type: 'UserCreated',
          source: 'bench.flood',
          aggregateId: `${userPrefix}-${first + k}`,
          occurredAt: new Date().toISOString(),
          data: { userId: `${userPrefix}-${first + k}`, name: 'Flood', email: 'flood@example.com' },
        }),
      }));
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
      if (result.Failed?.length) throw new Error(`The flood send failed: ${JSON.stringify(result.Failed)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
}

/** Messages on the routine queue, visible or in flight. */
export function routineBacklog(queueUrl: string): Promise<number> {
  return queueBacklog(queueUrl, sqs);
}

/** Resolves when the customer has an `order-confirmed` notification; throws after `timeoutMillis`. */
export async function waitForUrgentNotification(
  shop: ReturnType<typeof shopClient>,
  customerId: string,
  timeoutMillis: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    const list = await shop.notifications(customerId);
    const items = (list.body.items ?? []) as { kind?: string }[];
    if (items.some((item) => item.kind === 'order-confirmed')) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No order-confirmed notification for ${customerId} within ${timeoutMillis} ms.`);
}
