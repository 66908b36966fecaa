import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { type CreateContext, jsonText, type ResourceKind, stringProperty, tagMap } from '../resource-kind.ts';

/** Queue properties that map one-to-one onto `CreateQueue` attributes (values as strings). */
const PLAIN_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

/** Attributes that only exist at creation (SetQueueAttributes refuses them). */
const CREATE_ONLY = new Set(['FifoQueue']);

/**
 * The `CreateQueue` attributes of an `AWS::SQS::Queue`: numbers and booleans as strings, redrive
 * policies as JSON text (CloudFormation takes them as objects).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
 */
export function queueAttributes(properties: Readonly<Record<string, unknown>>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of PLAIN_ATTRIBUTES) {
    const value = properties[name];
    if (value !== undefined) attributes[name] = String(value);
  }
  // A standard queue leaves FifoQueue out: SQS only takes it to make a FIFO queue.
  if (String(properties.FifoQueue) === 'true') attributes.FifoQueue = 'true';
  for (const name of ['RedrivePolicy', 'RedriveAllowPolicy'] as const) {
    if (properties[name] !== undefined) attributes[name] = jsonText(properties[name]);
  }
  return attributes;
}

/** SQS names the error `QueueNameExists`; over the JSON protocol the SDK reports `AWS.SimpleQueueService.QueueNameExists`. */
function isNameTaken(error: unknown): boolean {
  return error instanceof Error && /(QueueNameExists|QueueAlreadyExists)$/.test(error.name);
}

async function createOrUpdate(context: CreateContext, queueName: string, attributes: Record<string, string>) {
  const { sqs } = context.clients;
  try {
    const created = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName,
        Attributes: attributes,
        tags: tagMap(context.properties.Tags),
      }),
    );
    return created.QueueUrl;
  } catch (error) {
    if (!isNameTaken(error)) throw error;
  }
  // A persisted queue from an earlier run with other settings: bring it to the template's.
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const current = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  const existing: Record<string, string> = current.Attributes ?? {};
  const changed = Object.fromEntries(
    Object.entries(attributes).filter(([name, value]) => !CREATE_ONLY.has(name) && existing[name] !== value),
  );
  try {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: changed }));
  } catch (error) {
    // fauxqs cannot change some attributes (DeduplicationScope, FifoThroughputLimit) after creation.
    if (!(error instanceof Error && /InvalidAttributeName$/.test(error.name))) throw error;
    context.warn(
      `queue ${queueName} exists with other settings that the emulator cannot change (${Object.keys(changed).join(', ')}): ` +
        `${error.message}. Delete the persisted data folder to recreate it.`,
    );
  }
  return QueueUrl;
}

/**
 * `AWS::SQS::Queue`: created in fauxqs with every attribute it supports; an existing queue of the
 * same name is reused and updated. Ref is the queue URL; attributes `Arn`, `QueueName`, `QueueUrl`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values
 */
export const sqsQueue: ResourceKind = {
  effect: 'provisioned',
  async create(context) {
    const attributes = queueAttributes(context.properties);
    const fifo = attributes.FifoQueue === 'true';
    const queueName =
      stringProperty(context.properties, 'QueueName') ??
      context.generatedName({ maxLength: 80, ...(fifo ? { suffix: '.fifo' } : {}) });
    const queueUrl = await createOrUpdate(context, queueName, attributes);
    const { Attributes } = await context.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    if (queueUrl === undefined || Attributes?.QueueArn === undefined) {
      throw new Error(`the SQS emulator returned no URL or ARN for queue ${queueName}`);
    }
    return {
      physicalId: queueUrl,
      ref: queueUrl,
      attributes: { Arn: Attributes.QueueArn, QueueName: queueName, QueueUrl: queueUrl },
    };
  },
};
