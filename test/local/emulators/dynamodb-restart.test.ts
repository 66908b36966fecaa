import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../local/emulators/index.ts';
import { DynamoDbStreamPoller } from '../../../local/pollers/dynamodb-stream-poller.ts';
import { tempDir } from '../support/temp-dir.ts';

let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ persistDir: tempDir('ddb-restart') });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
}, 90_000);
afterAll(() => dynamodb.stop());

/** Writes until DynamoDB Local answers (it is down while it restarts). */
async function put(table: string, id: string): Promise<void> {
  for (;;) {
    try {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: id } } }));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('DynamoDB Local restart', () => {
  it('fails to restart an in-memory emulator, which would come back empty', async () => {
    const inMemory = await startDynamoDbLocal();

    const restarted = inMemory.restart();

    await expect(restarted).rejects.toThrow(
      'DynamoDB Local runs in memory and would lose every table on restart',
    );
    await inMemory.stop();
  }, 60_000);

  it('keeps port and data, and the stream poller loses no record across the restart', async () => {
    const created = await client.send(
      new CreateTableCommand({
        TableName: 'restart-stream',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const delivered: string[] = [];
    let pollErrors = 0;
    const sequenceNumbers: bigint[] = [];
    const poller = new DynamoDbStreamPoller({
      streamArn: created.TableDescription?.LatestStreamArn ?? '',
      startingPosition: 'TRIM_HORIZON',
      batchSize: 5,
      pollIntervalMillis: 50,
      client: new DynamoDBStreamsClient({ endpoint: dynamodb.endpoint }),
      onError: () => {
        pollErrors += 1;
      },
      invoke: async (event: DynamoDBStreamEvent) => {
        for (const record of event.Records) {
          delivered.push(record.dynamodb?.Keys?.pk?.S ?? '?');
          sequenceNumbers.push(BigInt(record.dynamodb?.SequenceNumber ?? '0'));
        }
      },
    });
    await poller.start();
    const pidBefore = dynamodb.pid;
    const ids = Array.from({ length: 60 }, (_, i) => `item-${String(i).padStart(2, '0')}`);

    const writes = (async () => {
      for (const id of ids) await put('restart-stream', id);
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await dynamodb.restart();
    await writes;
    await poller.waitForIdle(30_000);
    await poller.stop();
    const kept = await client.send(
      new GetItemCommand({ TableName: 'restart-stream', Key: { pk: { S: 'item-00' } } }),
    );

    expect(dynamodb.pid).not.toBe(pidBefore);
    // The poller did meet the outage (connection refused) and rode through it.
    expect(pollErrors).toBeGreaterThan(0);
    expect(new URL(dynamodb.endpoint).port).toBe(String(dynamodb.port));
    expect(kept.Item?.pk?.S).toBe('item-00');
    expect([...new Set(delivered)].sort()).toEqual(ids);
    expect(sequenceNumbers.every((n, i) => i === 0 || n > (sequenceNumbers[i - 1] ?? 0n))).toBe(true);
  }, 60_000);
});
