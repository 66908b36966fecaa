import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoDbStreamPoller } from '../../../local/pollers/dynamodb-stream-poller.ts';
import type { OnFailureRecord } from '../../../local/pollers/on-failure-record.ts';
import type { DynamoDbStreamPollerOptions } from '../../../local/pollers/stream-poller-options.ts';
import { createOutboxTable } from '../../support/outbox-table.ts';

const dynamodb = new DynamoDBClient({});

/** Short waits so the tests stay fast. */
export const FAST_POLLING = { pollIntervalMillis: 20, retryDelayMillis: 5 } as const;

/** A table with a stream and helpers to write items `pk = p<n>`, `sk = s<n>`. */
export async function streamTable() {
  const { tableName, streamArn } = await createOutboxTable('stream');
  const put = async (pk: string, sk: string, extra: Record<string, { S: string }> = {}) => {
    await dynamodb.send(
      new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: sk }, ...extra } }),
    );
  };
  const update = async (pk: string, sk: string) => {
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: pk }, sk: { S: sk } },
        UpdateExpression: 'SET touched = :t',
        ExpressionAttributeValues: { ':t': { S: 'yes' } },
      }),
    );
  };
  const remove = async (pk: string, sk: string) => {
    await dynamodb.send(
      new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } } }),
    );
  };
  return { tableName, streamArn, put, update, remove };
}

/** A function that records its events and answers with `respond` (throwing fails the invocation). */
export function recordingFunction(
  respond: (event: DynamoDBStreamEvent, call: number) => unknown = () => undefined,
) {
  const events: DynamoDBStreamEvent[] = [];
  const invoke = async (event: DynamoDBStreamEvent) => {
    events.push(event);
    return respond(event, events.length);
  };
  const sortKeys = (event: DynamoDBStreamEvent | undefined) =>
    (event?.Records ?? []).map((record: DynamoDBRecord) => record.dynamodb?.Keys?.sk?.S);
  return { invoke, events, sortKeys };
}

/** Starts a poller with fast polling, collecting on-failure records; stop it with `poller.stop()`. */
export async function startPoller(
  options: Omit<DynamoDbStreamPollerOptions, 'onFailure'> & { collectFailures?: boolean },
) {
  const failures: OnFailureRecord[] = [];
  const poller = new DynamoDbStreamPoller({
    ...FAST_POLLING,
    ...(options.collectFailures === false ? {} : { onFailure: async (record) => void failures.push(record) }),
    ...options,
  });
  await poller.start();
  return { poller, failures };
}
