import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UnknownQueueError } from '../errors.ts';

/** A queue the CLI resolved: its URL, ARN and the attributes it reads. */
export interface ResolvedQueue {
  readonly url: string;
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The queue name at the end of a queue URL or ARN. */
export function queueNameOf(urlOrArn: string): string {
  return urlOrArn.split(urlOrArn.startsWith('arn:') ? ':' : '/').at(-1) ?? urlOrArn;
}

function isMissingQueue(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'QueueDoesNotExist' || error.name === 'AWS.SimpleQueueService.NonExistentQueue')
  );
}

/**
 * Finds a queue by URL, ARN or name and reads all its attributes. An ARN keeps its account, so
 * a queue of another account resolves too.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
 */
export async function resolveQueue(sqs: SQSClient, given: string, where: string): Promise<ResolvedQueue> {
  try {
    let url = given;
    if (!given.startsWith('http')) {
      const account = given.startsWith('arn:') ? given.split(':')[4] : undefined;
      const output = await sqs.send(
        new GetQueueUrlCommand({ QueueName: queueNameOf(given), QueueOwnerAWSAccountId: account }),
      );
      url = output.QueueUrl ?? given;
    }
    const output = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    const attributes = output.Attributes ?? {};
    return {
      url,
      name: queueNameOf(url),
      arn: attributes.QueueArn ?? '',
      fifo: attributes.FifoQueue === 'true',
      attributes,
    };
  } catch (error) {
    if (isMissingQueue(error))
      throw new UnknownQueueError(
        `queue ${given} does not exist in ${where}: run \`ferry dlq list\` to see the DLQs, or check --region / --endpoint`,
        { cause: error },
      );
    throw error;
  }
}
