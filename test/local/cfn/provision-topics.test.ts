import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CfnOutput } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionStack } from '../../../local/cfn/index.ts';
import { synthStack } from '../support/synth-app.ts';

const snsClient = new SNSClient({});
const sqsClient = new SQSClient({});
afterAll(() => {
  snsClient.destroy();
  sqsClient.destroy();
});

async function receiveBodies(queueUrl: string): Promise<string[]> {
  const { Messages = [] } = await sqsClient.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return Messages.map((message) => message.Body ?? '');
}

function topicWithFilteredRawSubscription() {
  return synthStack((s) => {
    const topic = new sns.Topic(s, 'Events');
    const queue = new sqs.Queue(s, 'Inbox');
    topic.addSubscription(
      new subscriptions.SqsSubscription(queue, {
        rawMessageDelivery: true,
        filterPolicy: { kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['order'] }) },
      }),
    );
    new CfnOutput(s, 'TopicArn', { value: topic.topicArn });
    new CfnOutput(s, 'QueueUrl', { value: queue.queueUrl });
  });
}

describe('provisionStack: AWS::SNS::Topic and Subscription', () => {
  it('delivers a published message raw to the subscribed queue', async () => {
    const result = await provisionStack(topicWithFilteredRawSubscription());

    await snsClient.send(
      new PublishCommand({
        TopicArn: String(result.outputs.TopicArn),
        Message: '{"id":1}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
      }),
    );

    expect(await receiveBodies(String(result.outputs.QueueUrl))).toEqual(['{"id":1}']);
  });

  it('applies the filter policy of the subscription', async () => {
    const result = await provisionStack(topicWithFilteredRawSubscription());

    await snsClient.send(
      new PublishCommand({
        TopicArn: String(result.outputs.TopicArn),
        Message: 'ignored',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'refund' } },
      }),
    );

    expect(await receiveBodies(String(result.outputs.QueueUrl))).toEqual([]);
  });

  it('provisions the same topic and subscription again without error', async () => {
    const stack = topicWithFilteredRawSubscription();
    const first = await provisionStack(stack);

    const second = await provisionStack(stack);

    expect(second.outputs).toEqual(first.outputs);
  });
});
