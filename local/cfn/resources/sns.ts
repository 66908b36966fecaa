import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { type CreateContext, jsonText, type ResourceKind, stringProperty } from '../resource-kind.ts';
import { isRecord } from '../template.ts';

const TOPIC_ATTRIBUTES = [
  'DisplayName',
  'FifoTopic',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'FifoThroughputScope',
] as const;

const SUBSCRIPTION_ATTRIBUTES = ['RawMessageDelivery', 'FilterPolicyScope', 'SubscriptionRoleArn'] as const;
const SUBSCRIPTION_JSON_ATTRIBUTES = ['FilterPolicy', 'RedrivePolicy', 'DeliveryPolicy'] as const;

function isConflict(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'InvalidParameterException' &&
    /already exists/.test(error.message)
  );
}

/**
 * Subscribes an endpoint to a topic; an existing subscription with other attributes is updated.
 * Only the `sqs` protocol delivers locally: any other is reported and left out.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
 */
async function subscribe(
  context: CreateContext,
  topicArn: string,
  protocol: string,
  endpoint: string,
  attributes: Record<string, string>,
): Promise<string | undefined> {
  if (protocol !== 'sqs') {
    context.warn(
      `the ${protocol} subscription to ${topicArn} is not emulated: only sqs subscriptions deliver locally.`,
    );
    return undefined;
  }
  const { sns } = context.clients;
  try {
    const result = await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: protocol,
        Endpoint: endpoint,
        Attributes: attributes,
      }),
    );
    return result.SubscriptionArn;
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  const existing = Subscriptions.find((s) => s.Protocol === protocol && s.Endpoint === endpoint);
  for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: existing?.SubscriptionArn,
        AttributeName,
        AttributeValue,
      }),
    );
  }
  return existing?.SubscriptionArn;
}

/**
 * `AWS::SNS::Topic` in fauxqs, with its inline `Subscription` list. Ref is the topic ARN;
 * attributes `TopicArn`, `TopicName`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
 */
export const snsTopic: ResourceKind = {
  effect: 'provisioned',
  async create(context) {
    const { properties } = context;
    const attributes: Record<string, string> = {};
    for (const name of TOPIC_ATTRIBUTES) {
      if (properties[name] !== undefined) attributes[name] = jsonText(properties[name]);
    }
    if (properties.ArchivePolicy !== undefined) attributes.ArchivePolicy = jsonText(properties.ArchivePolicy);
    const fifo = attributes.FifoTopic === 'true';
    if (!fifo) delete attributes.FifoTopic;
    const topicName =
      stringProperty(properties, 'TopicName') ??
      context.generatedName({ maxLength: 256, ...(fifo ? { suffix: '.fifo' } : {}) });
    const { sns } = context.clients;
    let topicArn: string | undefined;
    try {
      topicArn = (await sns.send(new CreateTopicCommand({ Name: topicName, Attributes: attributes })))
        .TopicArn;
    } catch (error) {
      if (!isConflict(error)) throw error;
      topicArn = (await sns.send(new CreateTopicCommand({ Name: topicName }))).TopicArn;
      for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
        await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName, AttributeValue }));
      }
    }
    if (topicArn === undefined) throw new Error(`the SNS emulator returned no ARN for topic ${topicName}`);
    const inline = Array.isArray(properties.Subscription) ? properties.Subscription : [];
    for (const entry of inline) {
      if (isRecord(entry))
        await subscribe(context, topicArn, String(entry.Protocol), String(entry.Endpoint), {});
    }
    return { physicalId: topicArn, ref: topicArn, attributes: { TopicArn: topicArn, TopicName: topicName } };
  },
};

/**
 * `AWS::SNS::Subscription` (protocol `sqs`, with RawMessageDelivery, FilterPolicy, FilterPolicyScope,
 * RedrivePolicy). Ref and attribute `Arn` are the subscription ARN.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
 */
export const snsSubscription: ResourceKind = {
  effect: 'provisioned',
  async create(context) {
    const { properties } = context;
    const attributes: Record<string, string> = {};
    for (const name of SUBSCRIPTION_ATTRIBUTES) {
      if (properties[name] !== undefined) attributes[name] = String(properties[name]);
    }
    for (const name of SUBSCRIPTION_JSON_ATTRIBUTES) {
      if (properties[name] !== undefined) attributes[name] = jsonText(properties[name]);
    }
    const topicArn = String(properties.TopicArn);
    const protocol = String(properties.Protocol);
    const subscriptionArn =
      (await subscribe(context, topicArn, protocol, String(properties.Endpoint), attributes)) ??
      `${topicArn}:${context.logicalId}`;
    return { physicalId: subscriptionArn, ref: subscriptionArn, attributes: { Arn: subscriptionArn } };
  },
};
