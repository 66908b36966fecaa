import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, MessageTooLargeError, PublishError } from '../../../runtime/errors.ts';
import { publishMessages, putEvents } from '../../../runtime/producer/publish-messages.ts';
import { createQueue, drainQueue, testSqsClient } from '../../support/queues.ts';
import { uniqueName } from '../../support/unique-name.ts';

const FAST = { retry: { attempts: 3, baseDelayMillis: 1, maxDelayMillis: 2 } };

async function topicWithQueue(): Promise<{ topicArn: string; queueUrl: string }> {
  const sns = new SNSClient({});
  const queueUrl = await createQueue('topic-sub');
  const attributes = await testSqsClient().send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('topic') }));
  if (!TopicArn) throw new Error('CreateTopic returned no ARN');
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: attributes.Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { topicArn: TopicArn, queueUrl };
}

/** An EventBridge client whose PutEvents fails the entries `failCode` names on the calls it picks. */
function fakeEventBridge(failCode: (detail: string, call: number) => string | undefined) {
  const requests: PutEventsCommandInput[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof PutEventsCommand)) throw new Error('unexpected command');
      requests.push(command.input);
      const call = requests.length;
      const entries = (command.input.Entries ?? []).map((entry, index) => {
        const code = failCode(entry.Detail ?? '', call);
        return code
          ? { ErrorCode: code, ErrorMessage: `${code} happened` }
          : { EventId: `ev-${call}-${index}` };
      });
      return { FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length, Entries: entries };
    },
  } as unknown as EventBridgeClient;
  return { client, requests };
}

describe('publishMessages', () => {
  it('publishes 12 messages to an SNS topic in 2 PublishBatch calls', async () => {
    const { topicArn, queueUrl } = await topicWithQueue();
    const messages = Array.from({ length: 12 }, (_, index) => ({ message: `n${index}` }));

    const report = await publishMessages(topicArn, messages);

    const received = await drainQueue(queueUrl, { expected: 12 });
    expect(report).toEqual({ sent: 12, calls: 2 });
    expect(received.map((message) => message.Body).sort()).toEqual(messages.map((m) => m.message).sort());
  });

  it('throws a MessageTooLargeError for a message over the topic limit before publishing', async () => {
    const error = await publishMessages(
      'arn:aws:sns:us-east-1:000000000000:t',
      [{ message: 'x'.repeat(300) }],
      {
        maxMessageBytes: 256,
      },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MessageTooLargeError);
  });

  it('throws a ConfigurationError for a FIFO topic message without a group id', async () => {
    const error = await publishMessages('arn:aws:sns:us-east-1:000000000000:t.fifo', [
      { message: 'x' },
    ]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe('putEvents', () => {
  it('sends 15 events in 2 PutEvents calls on the named bus', async () => {
    const { client, requests } = fakeEventBridge(() => undefined);
    const events = Array.from({ length: 15 }, (_, index) => ({
      source: 'shop.orders',
      detailType: 'OrderPlaced',
      detail: JSON.stringify({ index }),
    }));

    const report = await putEvents('orders-bus', events, { ...FAST, client });

    expect(report).toEqual({ sent: 15, calls: 2 });
    expect(requests[0]?.Entries?.[0]).toMatchObject({
      EventBusName: 'orders-bus',
      DetailType: 'OrderPlaced',
    });
  });

  it('retries entries that fail with a transient code', async () => {
    const { client, requests } = fakeEventBridge((detail, call) =>
      detail === '{"n":1}' && call === 1 ? 'ThrottlingException' : undefined,
    );
    const events = [0, 1, 2].map((n) => ({ source: 's', detailType: 't', detail: JSON.stringify({ n }) }));

    const report = await putEvents('bus', events, { ...FAST, client });

    expect(report.sent).toBe(3);
    expect(requests[1]?.Entries?.map((entry) => entry.Detail)).toEqual(['{"n":1}']);
  });

  it('throws a PublishError without retrying an entry EventBridge refuses as malformed', async () => {
    const { client, requests } = fakeEventBridge((detail) =>
      detail === '{"n":0}' ? 'MalformedDetail' : undefined,
    );
    const events = [0, 1].map((n) => ({ source: 's', detailType: 't', detail: JSON.stringify({ n }) }));

    const error = await putEvents('bus', events, { ...FAST, client }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failed).toEqual([
      { id: '#0', code: 'MalformedDetail', message: 'MalformedDetail happened (rejected, not retried)' },
    ]);
    expect(requests).toHaveLength(1);
  });

  it('splits events so that each PutEvents call stays within the request size limit', async () => {
    const { client, requests } = fakeEventBridge(() => undefined);
    const detail = JSON.stringify({ pad: 'x'.repeat(400) });
    const events = Array.from({ length: 4 }, () => ({ source: 's', detailType: 't', detail }));

    await putEvents('bus', events, { client, maxRequestBytes: 1_000 });

    expect(requests.map((request) => request.Entries?.length)).toEqual([2, 2]);
  });
});
