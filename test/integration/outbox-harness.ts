import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoDbStreamPoller } from '../../local/pollers/dynamodb-stream-poller.ts';
import type { OnFailureRecord } from '../../local/pollers/on-failure-record.ts';
import type { DynamoDbStreamPollerOptions } from '../../local/pollers/stream-poller-options.ts';
import type { OutboxRoutes } from '../../runtime/contract.ts';
import { ConcurrencyError } from '../../runtime/errors.ts';
import type { ConsumerLogger } from '../../runtime/observability/logger.ts';
import { relayStreamBatch } from '../../runtime/outbox/outbox-relay.ts';
import { type NewOutboxEvent, OutboxWriter } from '../../runtime/outbox/outbox-writer.ts';
import { createOutboxTable } from '../support/outbox-table.ts';
import { createQueue } from '../support/queues.ts';

export const silentLogger: ConsumerLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** The filter the TransactionalOutbox construct puts on the relay's mapping: outbox event inserts only. */
export const RELAY_FILTERS = [
  { Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"ferryKind":{"S":["event"]}}}}' },
];

/**
 * An SQS client that passes calls to the emulator but answers `Failed` (without sending) for the
 * SendMessageBatch entries `fail` picks, as SQS does under partial failure.
 */
export class FlakySqs {
  readonly real = new SQSClient({});
  failedEntries = 0;
  private readonly fail: (entry: SendMessageBatchRequestEntry, queueUrl: string) => boolean;

  constructor(fail: (entry: SendMessageBatchRequestEntry, queueUrl: string) => boolean) {
    this.fail = fail;
  }

  readonly client = {
    send: async (command: unknown): Promise<unknown> => {
      if (!(command instanceof SendMessageBatchCommand)) return this.real.send(command as never);
      const queueUrl = command.input.QueueUrl ?? '';
      const entries = command.input.Entries ?? [];
      const failing = entries.filter((entry) => this.fail(entry, queueUrl));
      const passing = entries.filter((entry) => !failing.includes(entry));
      this.failedEntries += failing.length;
      const output: Partial<SendMessageBatchCommandOutput> =
        passing.length > 0
          ? await this.real.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: passing }))
          : { Successful: [], Failed: [] };
      return {
        Successful: output.Successful ?? [],
        Failed: [
          ...(output.Failed ?? []),
          ...failing.map((entry) => ({
            Id: entry.Id,
            SenderFault: false,
            Code: 'InternalError',
            Message: 'injected',
          })),
        ],
      };
    },
  } as unknown as SQSClient;
}

/** An outbox table with a writer, a relay DLQ and helpers to run the relay through the stream poller. */
export async function outboxFixture() {
  const { tableName, streamArn } = await createOutboxTable();
  const dlq = await createQueue('relay-dlq');
  const writer = new OutboxWriter({ tableName, source: 'shop.orders' });
  const pollers: DynamoDbStreamPoller[] = [];
  const failures: OnFailureRecord[] = [];
  const responses: { event: DynamoDBStreamEvent; response: DynamoDBBatchResponse }[] = [];

  /** Starts the poller with the relay as its function (construct-like settings unless overridden). */
  const startRelay = async (
    routes: OutboxRoutes,
    options: {
      sqs?: SQSClient;
      poller?: Partial<DynamoDbStreamPollerOptions>;
      /** Called before each relay invocation. */
      beforeInvoke?: (event: DynamoDBStreamEvent) => void;
    } = {},
  ) => {
    const poller = new DynamoDbStreamPoller({
      streamArn,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: true,
      maximumRetryAttempts: 10,
      filters: RELAY_FILTERS,
      pollIntervalMillis: 20,
      retryDelayMillis: 5,
      onFailure: async (record) => void failures.push(record),
      invoke: async (event) => {
        options.beforeInvoke?.(event);
        const response = await relayStreamBatch(event, {
          routes,
          deadLetterQueueUrl: dlq,
          logger: silentLogger,
          retry: { attempts: 2, baseDelayMillis: 1, maxDelayMillis: 2 },
          ...(options.sqs ? { sqs: options.sqs } : {}),
        });
        responses.push({ event, response });
        return response;
      },
      ...options.poller,
    });
    pollers.push(poller);
    await poller.start();
    return poller;
  };

  const stop = () => Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  return { tableName, streamArn, dlq, writer, failures, responses, startRelay, stop };
}

/** Writes one event, retrying with fresh state when a concurrent writer of the aggregate won. */
export async function writeWithRetry(writer: OutboxWriter, event: NewOutboxEvent): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await writer.write([], [event]);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** The envelope fields tests look at, from a received message body. */
export function envelopeOf(body: string | undefined): {
  id: string;
  aggregateId: string;
  sequence: number;
  type: string;
} {
  return JSON.parse(body ?? '{}');
}
