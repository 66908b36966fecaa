import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsErrorResponse,
  type FaultProxy,
  type ProxiedRequest,
  type ProxyAction,
  retarget,
  startFaultProxy,
} from '../../../local/faults/index.ts';
import { createShopTable } from '../../support/shop-table.ts';
import { uniqueName } from '../../support/unique-name.ts';

const env = process.env;
/** What the proxies do next: one action per request, then forward. */
const script: ProxyAction[] = [];
const seen: ProxiedRequest[] = [];
const decide = (request: ProxiedRequest): ProxyAction => {
  seen.push(request);
  return script.shift() ?? { kind: 'forward' };
};
let dynamoProxy: FaultProxy;
let sqsProxy: FaultProxy;
let table: string;
const sqsPort = Number(new URL(env.AWS_ENDPOINT_URL_SQS ?? '').port);

beforeAll(async () => {
  dynamoProxy = await startFaultProxy({ target: env.AWS_ENDPOINT_URL_DYNAMODB ?? '', decide });
  sqsProxy = await startFaultProxy({
    target: (env.AWS_ENDPOINT_URL_SNS ?? '').replace('localhost', '127.0.0.1'),
    decide,
    rewriteBody: (request, body) =>
      request.operation === 'GetQueueUrl' ? retarget(body, sqsPort, sqsProxy.port) : body,
  });
  table = await createShopTable('proxy');
});
afterAll(async () => {
  await dynamoProxy.close();
  await sqsProxy.close();
});

const viaProxy = (proxy: FaultProxy, host = '127.0.0.1') => ({
  endpoint: `http://${host}:${proxy.port}`,
  maxAttempts: 1,
});
const item = (id: string) => ({ pk: { S: id }, sk: { S: 'item' } });

async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

describe('startFaultProxy', () => {
  it('forwards calls to the emulator and names the operation and the SDK app id', async () => {
    const dynamodb = new DynamoDBClient({ ...viaProxy(dynamoProxy), userAgentAppId: 'f3.7-PT-2.36.0' });
    seen.length = 0;

    await dynamodb.send(new PutItemCommand({ TableName: table, Item: item('forwarded') }));

    expect(seen).toEqual([{ protocol: 'dynamodb', operation: 'PutItem', appId: 'f3.7-PT-2.36.0' }]);
  });

  it('answers DynamoDB throttling and 5xx errors that the SDK parses into its exception classes', async () => {
    const dynamodb = new DynamoDBClient(viaProxy(dynamoProxy));
    const get = () => dynamodb.send(new GetItemCommand({ TableName: table, Key: item('x') }));
    script.push(
      { kind: 'error', response: awsErrorResponse('dynamodb', 'throttle', 0), afterForward: false },
      { kind: 'error', response: awsErrorResponse('dynamodb', 'throttle', 1), afterForward: false },
      { kind: 'error', response: awsErrorResponse('dynamodb', 'server', 0), afterForward: false },
    );

    const errors = [await failure(get()), await failure(get()), await failure(get())];

    expect(errors.map((e) => [e.name, e.$metadata?.httpStatusCode])).toEqual([
      ['ThrottlingException', 400],
      ['ProvisionedThroughputExceededException', 400],
      ['InternalServerError', 500],
    ]);
  });

  it('applies a request and then loses its answer when the error comes after forwarding', async () => {
    const dynamodb = new DynamoDBClient(viaProxy(dynamoProxy));
    script.push({ kind: 'error', response: awsErrorResponse('dynamodb', 'server', 0), afterForward: true });

    const error = await failure(
      dynamodb.send(new PutItemCommand({ TableName: table, Item: item('applied') })),
    );
    const stored = await new DynamoDBClient({}).send(
      new GetItemCommand({ TableName: table, Key: item('applied') }),
    );

    expect(error.name).toBe('InternalServerError');
    expect(stored.Item?.pk?.S).toBe('applied');
  });

  it('lets the SDK retry an injected throttle by itself, as it does on AWS', async () => {
    const dynamodb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${dynamoProxy.port}`, maxAttempts: 3 });
    script.push({
      kind: 'error',
      response: awsErrorResponse('dynamodb', 'throttle', 0),
      afterForward: false,
    });

    const output = await dynamodb.send(new GetItemCommand({ TableName: table, Key: item('applied') }));

    expect(output.Item?.pk?.S).toBe('applied');
    expect(output.$metadata.attempts).toBe(2);
  });

  it('answers SQS errors in the JSON protocol, and hands out queue URLs on its own port', async () => {
    const name = uniqueName('proxy-q');
    await new SQSClient({}).send(new CreateQueueCommand({ QueueName: name }));
    const sqs = new SQSClient(viaProxy(sqsProxy, 'sqs.us-east-1.localhost'));
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    script.push(
      { kind: 'error', response: awsErrorResponse('sqs', 'throttle', 0), afterForward: false },
      { kind: 'error', response: awsErrorResponse('sqs', 'server', 1), afterForward: false },
    );
    const send = () => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'through the proxy' }));

    const errors = [await failure(send()), await failure(send())];
    await send();
    const received = await new SQSClient({}).send(
      new ReceiveMessageCommand({
        QueueUrl: retarget(QueueUrl ?? '', sqsProxy.port, sqsPort),
        WaitTimeSeconds: 1,
      }),
    );

    expect(new URL(QueueUrl ?? '').port).toBe(String(sqsProxy.port));
    expect(errors.map((e) => [e.name, e.$metadata?.httpStatusCode])).toEqual([
      ['RequestThrottled', 400],
      ['ServiceUnavailable', 503],
    ]);
    expect(received.Messages?.map((m) => m.Body)).toEqual(['through the proxy']);
  });

  it('answers SNS errors in the query protocol', async () => {
    const { TopicArn } = await new SNSClient({}).send(
      new CreateTopicCommand({ Name: uniqueName('proxy-t') }),
    );
    const sns = new SNSClient(viaProxy(sqsProxy));
    script.push(
      { kind: 'error', response: awsErrorResponse('sns', 'throttle', 0), afterForward: false },
      { kind: 'error', response: awsErrorResponse('sns', 'server', 0), afterForward: false },
    );
    const publish = () => sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));

    const errors = [await failure(publish()), await failure(publish())];

    expect(errors.map((e) => [e.name, e.$metadata?.httpStatusCode])).toEqual([
      ['ThrottledException', 429],
      ['InternalErrorException', 500],
    ]);
    expect(seen.at(-1)).toMatchObject({ protocol: 'sns', operation: 'Publish' });
  });

  it('holds a call until its client gives up, then releases the connection', async () => {
    const dynamodb = new DynamoDBClient({
      ...viaProxy(dynamoProxy),
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
    });
    script.push({ kind: 'hold', holdMillis: 10_000, afterForward: false });
    const socketsBefore = dynamoProxy.open().sockets;

    const error = await failure(dynamodb.send(new GetItemCommand({ TableName: table, Key: item('x') })));
    dynamodb.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(error.name).toBe('TimeoutError');
    expect(dynamoProxy.open()).toEqual({ requests: 0, sockets: socketsBefore });
  });

  it('drops a call unforwarded by resetting the connection', async () => {
    const dynamodb = new DynamoDBClient(viaProxy(dynamoProxy));
    script.push({ kind: 'drop' });

    const error = await failure(
      dynamodb.send(new PutItemCommand({ TableName: table, Item: item('dropped') })),
    );
    const stored = await new DynamoDBClient({}).send(
      new GetItemCommand({ TableName: table, Key: item('dropped') }),
    );

    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(stored.Item).toBeUndefined();
  });
});
