import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailureInfo } from './failure-info.ts';
import { queueNameOf } from './queue-lookup.ts';

/** Says where one DLQ message goes back to: a queue URL, or why none is known. */
export type DestinationResolver = (info: FailureInfo) => Promise<{ url: string } | { problem: string }>;

/**
 * Sends everything to `toUrl` when given; otherwise each message back to the queue it failed on
 * (Ferry's `ferry.source.queue` attribute or SQS's DeadLetterQueueSourceArn), looked up once per ARN.
 */
export function destinationResolver(sqs: SQSClient, toUrl: string | undefined): DestinationResolver {
  const urls = new Map<string, Promise<string | undefined>>();
  return async (info) => {
    if (toUrl) return { url: toUrl };
    const arn = info.sourceQueue;
    if (!arn?.startsWith('arn:'))
      return { problem: 'no source queue recorded on the message: pass --to <queue>' };
    // The relay DLQ records the DynamoDB stream an event came from, which is not a queue.
    if (arn.split(':')[2] !== 'sqs')
      return {
        problem: `the message came from ${arn}, not a queue: pass --to <queue>, or use \`ferry outbox replay\` for outbox events`,
      };
    let url = urls.get(arn);
    if (!url) {
      url = sqs
        .send(
          new GetQueueUrlCommand({ QueueName: queueNameOf(arn), QueueOwnerAWSAccountId: arn.split(':')[4] }),
        )
        .then((output) => output.QueueUrl)
        .catch(() => undefined);
      urls.set(arn, url);
    }
    const resolved = await url;
    return resolved
      ? { url: resolved }
      : { problem: `source queue ${arn} no longer exists: pass --to <queue>` };
  };
}
