import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FaultInjector,
  type FaultPlan,
  type FaultProxy,
  startFaultProxy,
} from '../../../local/faults/index.ts';
import { type InvokeOptions, type InvokeResult, LocalFunction } from '../../../local/lambda/index.ts';
import { SqsPoller } from '../../../local/pollers/sqs-poller.ts';
import { createShopTable } from '../../support/shop-table.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { cjsHandler, collectLogs, fixtureBundles, sleep } from '../lambda/fixture-bundles.ts';

const bundles = fixtureBundles();
let injector: FaultInjector | undefined;
let proxy: FaultProxy;
let table: string;
const pollers: SqsPoller[] = [];

// Reads the item of the message (one AWS call), then adds one to its effect counter (the effect).
const HANDLER = cjsHandler(
  `for (const record of event.Records) {
    const Key = { pk: { S: record.body }, sk: { S: 'effect' } };
    await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key }));
    await db.send(new UpdateItemCommand({ TableName: process.env.TABLE, Key,
      UpdateExpression: 'ADD effects :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
  }
  return {};`,
  `const { DynamoDBClient, GetItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({ maxAttempts: 1 });`,
);

beforeAll(async () => {
  proxy = await startFaultProxy({
    target: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
    decide: (request) => injector?.decide(request) ?? { kind: 'forward' },
  });
  table = await createShopTable('faults');
});
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  await bundles.cleanup();
});
afterAll(() => proxy.close());

/**
 * A consumer of a fresh queue under `plan`; one message sent to it. The visibility timeout outlasts
 * a failed try plus a cold start on a busy machine, so a retry never runs twice at once.
 */
async function consumerUnder(plan: FaultPlan, { timeoutSeconds = 5, visibilityTimeoutSeconds = 3 } = {}) {
  const faults = new FaultInjector(plan);
  injector = faults;
  const sqs = new SQSClient({});
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueName('faulty'),
      Attributes: { VisibilityTimeout: String(visibilityTimeoutSeconds) },
    }),
  );
  const fn = bundles.track(
    new LocalFunction({
      functionName: 'Consumer',
      codeDir: await bundles.write(HANDLER),
      timeoutSeconds,
      logSink: collectLogs().sink,
      environment: { TABLE: table, AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${proxy.port}` },
      environmentVariables: faults.register({ functionName: 'Consumer', eligible: true, timeoutSeconds }),
    }),
  );
  const results: InvokeResult[] = [];
  const poller = new SqsPoller({
    queueUrl: QueueUrl,
    queueArn: `arn:aws:sqs:us-east-1:000000000000:${QueueUrl.split('/').pop()}`,
    batchSize: 1,
    maximumConcurrency: 2,
    onError: () => {},
    invoke: async (event: SQSEvent) => {
      const result = await faults.invoke(fn, event);
      results.push(result);
      if (!result.ok) throw new Error(result.error.errorMessage);
      return result.payload;
    },
  });
  pollers.push(poller);
  const body = uniqueName('order');
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  poller.start();
  return { faults, poller, results, body };
}

async function until(condition: () => boolean, timeoutMillis = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMillis} ms`);
    await sleep(50);
  }
}

async function effects(body: string): Promise<number> {
  const { Item } = await new DynamoDBClient({}).send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: body }, sk: { S: 'effect' } },
      ConsistentRead: true,
    }),
  );
  return Number(Item?.effects?.N ?? 0);
}

describe('FaultInjector', () => {
  it('loses the ack of an invocation whose effect happened: the message comes back and runs again', async () => {
    const { faults, poller, results, body } = await consumerUnder({ seed: 1, lostAck: 1 });

    await until(() => faults.counts().lostAck === 1);
    faults.pause();
    const effectsAfterLostAck = await effects(body);
    await until(() => poller.stats.deletedEventCount === 1);

    expect(effectsAfterLostAck).toBe(1);
    expect(await effects(body)).toBe(2);
    expect(results[0]).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ExitError' },
    });
    expect(results.at(-1)).toMatchObject({ ok: true });
    expect(results.at(-1)?.environmentId).not.toBe(results[0]?.environmentId);
  });

  it('kills an invocation before its effect: nothing is applied and the message comes back', async () => {
    const { faults, poller, results, body } = await consumerUnder({ seed: 2, killBeforeEffect: 1 });

    await until(() => faults.counts().killBeforeEffect >= 1);
    faults.pause();
    const effectsWhileKilled = await effects(body);
    await until(() => poller.stats.deletedEventCount === 1);

    expect(effectsWhileKilled).toBe(0);
    expect(await effects(body)).toBe(1);
    expect(results[0]).toMatchObject({ ok: false, environmentDiscarded: true });
    expect(results.at(-1)).toMatchObject({ ok: true });
  });

  it('hangs an AWS call past the function timeout: the invocation times out and its environment is discarded', async () => {
    const { faults, poller, results, body } = await consumerUnder(
      { seed: 3, timeout: 1 },
      { timeoutSeconds: 1 },
    );

    await until(() => results.length === 1);
    faults.pause();
    await until(() => poller.stats.deletedEventCount === 1);

    expect(faults.counts().timeout).toBe(1);
    expect(results[0]).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Sandbox.Timedout' },
    });
    expect(await effects(body)).toBe(1);
    expect(proxy.open().requests).toBe(0);
  });

  it('traces a call to its invocation by the environment tag, also with Powertools’ suffix', async () => {
    const faults = new FaultInjector({ seed: 5, timeout: 1 });
    const variables = faults.register({ functionName: 'Relay', eligible: true, timeoutSeconds: 2 });
    const appId = `${variables('Relay-37').AWS_SDK_UA_APP_ID}-PT-NO-OP-2.36.0-PTEnv-AWS_Lambda_nodejs24.x`;
    let during: unknown;
    const fn = {
      functionName: 'Relay',
      invoke: async (_event: unknown, options?: InvokeOptions) => {
        options?.onEnvironment?.('Relay-37');
        during = faults.decide({ protocol: 'sqs', operation: 'SendMessageBatch', appId });
        return { ok: true } as InvokeResult;
      },
    } as unknown as LocalFunction;

    await faults.invoke(fn, {});
    const after = faults.decide({ protocol: 'sqs', operation: 'SendMessageBatch', appId });

    expect(appId.length).toBeLessThanOrEqual(50);
    expect(during).toMatchObject({ kind: 'hold', holdMillis: 7_000 });
    expect(after).toEqual({ kind: 'forward' });
    expect(faults.counts().timeout).toBe(1);
  });

  it('reports zero counts and injects nothing while paused', async () => {
    const faults = new FaultInjector({ seed: 4, killBeforeEffect: 1, sdkErrorRate: 1 });

    faults.pause();
    const action = faults.decide({ protocol: 'dynamodb', operation: 'PutItem', appId: undefined });
    faults.resume();
    const resumed = faults.decide({ protocol: 'dynamodb', operation: 'PutItem', appId: undefined });

    expect(action).toEqual({ kind: 'forward' });
    expect(resumed.kind).toBe('error');
    expect(faults.counts()).toEqual({
      killBeforeEffect: 0,
      lostAck: 0,
      timeout: 0,
      sdkErrors: 1,
      dynamoRestarts: 0,
    });
  });
});
