import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import { ConfigurationError } from '../errors.ts';
import { defaultEventBridgeClient, defaultSnsClient } from './clients.ts';
import { type EventBridgeEvent, eventBridgeChannel } from './eventbridge-channel.ts';
import { type PublishInBatchesOptions, publishInBatches } from './publish-in-batches.ts';
import { assertSizes, numberedItems, type SendReport, settleReport } from './publish-report.ts';
import { type SnsMessage, snsChannel } from './sns-channel.ts';

/** Options of {@link publishMessages}. */
export interface PublishMessagesOptions extends PublishInBatchesOptions {
  /** @default the process-wide client */
  readonly client?: SNSClient;
  /** The topic's `MaximumMessageSize`. @default 262144 (256 KiB, the SNS default) */
  readonly maxMessageBytes?: number;
}

/**
 * Publishes `messages` to the SNS topic `topicArn` with PublishBatch, 10 to a call, with the
 * same guarantees as `sendMessages`: sizes checked first, `Failed` entries retried, FIFO topics
 * (ARN ending `.fifo`) in order per group and one message per group per call, and a `PublishError` listing whatever was not delivered.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
 */
export async function publishMessages(
  topicArn: string,
  messages: readonly SnsMessage[],
  options: PublishMessagesOptions = {},
): Promise<SendReport> {
  const fifo = topicArn.endsWith('.fifo');
  if (fifo && messages.some((message) => !message.groupId)) {
    throw new ConfigurationError(
      `A message for the FIFO topic ${topicArn} has no groupId; give every message of a FIFO topic a message group id. Nothing was published.`,
    );
  }
  const channel = snsChannel(options.client ?? defaultSnsClient(), topicArn, options.maxMessageBytes);
  const items = numberedItems(messages, (message) => (fifo ? message.groupId : undefined));
  assertSizes(channel, items);
  return settleReport(
    topicArn,
    await publishInBatches(channel, items, { oneItemPerGroupPerCall: fifo, ...options }),
  );
}

/** Options of {@link putEvents}. */
export interface PutEventsOptions extends PublishInBatchesOptions {
  /** @default the process-wide client */
  readonly client?: EventBridgeClient;
  /** @default EVENTBRIDGE_MAX_REQUEST_BYTES */
  readonly maxRequestBytes?: number;
}

/**
 * Puts `events` on the event bus `eventBusName` (name or ARN) with PutEvents, 10 to a call and
 * within the request size limit, retrying entries that fail with a transient code and throwing
 * a `PublishError` listing whatever was not delivered.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html
 */
export async function putEvents(
  eventBusName: string,
  events: readonly EventBridgeEvent[],
  options: PutEventsOptions = {},
): Promise<SendReport> {
  const channel = eventBridgeChannel(
    options.client ?? defaultEventBridgeClient(),
    eventBusName,
    options.maxRequestBytes,
  );
  const items = numberedItems(events, () => undefined);
  assertSizes(channel, items);
  return settleReport(eventBusName, await publishInBatches(channel, items, options));
}
