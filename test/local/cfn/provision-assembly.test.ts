import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedCloud, provisionAssembly } from '../../../local/cfn/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { synthApp } from '../support/synth-app.ts';
import { tempDir } from '../support/temp-dir.ts';

const root = tempDir('provision-assembly');
const names = { data: uniqueName('Data'), app: uniqueName('App') };

function codeFolder(): string {
  const dir = join(root, 'code');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "ok";');
  return dir;
}

let cloud: ProvisionedCloud;

beforeAll(async () => {
  const assembly = synthApp((app) => {
    const data = new Stack(app, names.data);
    const queue = new sqs.Queue(data, 'Work', { visibilityTimeout: Duration.seconds(60) });
    const table = new dynamodb.Table(data, 'Outbox', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    const stack = new Stack(app, names.app);
    const worker = new lambda.Function(stack, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(codeFolder()),
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: 4,
      environment: { QUEUE_URL: queue.queueUrl, TABLE_NAME: table.tableName, RETRIES: '3' },
    });
    worker.addEventSource(new sources.SqsEventSource(queue, { batchSize: 5, reportBatchItemFailures: true }));
    worker.addEventSource(
      new sources.DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        retryAttempts: 2,
      }),
    );
    new apigateway.HttpApi(stack, 'Api').addRoutes({
      path: '/work',
      methods: [apigateway.HttpMethod.POST],
      integration: new integrations.HttpLambdaIntegration('Work', worker),
    });
    new lambda.Function(stack, 'Inline', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 42;'),
    });
  });
  cloud = await provisionAssembly(assembly, { inlineCodeDir: join(root, 'inline') });
});

describe('provisionAssembly', () => {
  it('provisions the stacks in deployment order', () => {
    expect(cloud.stacks.map((stack) => stack.stackName)).toEqual([names.data, names.app]);
  });

  it('resolves a function environment across stacks to local queue URLs and table names', () => {
    const worker = cloud.functions.find((fn) => fn.logicalId.startsWith('Worker'));
    const queue = cloud.resources.find((resource) => resource.type === 'AWS::SQS::Queue');
    const table = cloud.resources.find((resource) => resource.type === 'AWS::DynamoDB::Table');

    expect(worker?.environment).toEqual({ QUEUE_URL: queue?.ref, TABLE_NAME: table?.ref, RETRIES: '3' });
  });

  it('models a function with its code folder, handler, runtime, memory, timeout and concurrency', () => {
    const worker = cloud.functions.find((fn) => fn.logicalId.startsWith('Worker'));

    expect(worker).toMatchObject({
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      memorySizeMb: 256,
      timeoutSeconds: 10,
      reservedConcurrency: 4,
      arn: `arn:aws:lambda:us-east-1:000000000000:function:${worker?.functionName}`,
    });
    expect(readFileSync(join(worker?.codeDir ?? '', 'index.js'), 'utf8')).toContain('exports.handler');
  });

  it('writes inline function code to index.js in its own folder', () => {
    const inline = cloud.functions.find((fn) => fn.logicalId.startsWith('Inline'));

    expect(inline?.codeDir?.startsWith(join(root, 'inline'))).toBe(true);
    expect(readFileSync(join(inline?.codeDir ?? '', 'index.js'), 'utf8')).toBe(
      'exports.handler = async () => 42;',
    );
  });

  it('gives a generated function name of at most 64 characters', () => {
    expect(cloud.functions.every((fn) => fn.functionName.length <= 64 && existsSync(fn.codeDir ?? ''))).toBe(
      true,
    );
  });

  it('models an SQS event source mapping with its queue URL and template properties', () => {
    const mapping = cloud.eventSourceMappings.find((esm) => esm.source.kind === 'sqs');
    const worker = cloud.functions.find((fn) => fn.logicalId.startsWith('Worker'));
    const queue = cloud.resources.find((resource) => resource.type === 'AWS::SQS::Queue');

    expect(mapping).toMatchObject({
      functionName: worker?.functionName,
      enabled: true,
      source: { kind: 'sqs', queueUrl: queue?.ref, queueArn: queue?.attributes.Arn },
      properties: { BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    });
  });

  it('models a DynamoDB stream event source mapping with the table and its real stream ARN', () => {
    const mapping = cloud.eventSourceMappings.find((esm) => esm.source.kind === 'dynamodb-stream');
    const table = cloud.resources.find((resource) => resource.type === 'AWS::DynamoDB::Table');

    expect(mapping?.source).toEqual({
      kind: 'dynamodb-stream',
      streamArn: table?.attributes.StreamArn,
      tableName: table?.ref,
    });
    expect(mapping?.properties).toMatchObject({ StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2 });
  });

  it('lists the HTTP API with the function behind each route', () => {
    const worker = cloud.functions.find((fn) => fn.logicalId.startsWith('Worker'));

    expect(
      cloud.httpApis.map((api) =>
        api.routes.map((route) => [route.routeKey, route.integration.functionName]),
      ),
    ).toEqual([[['POST /work', worker?.functionName]]]);
  });

  it('has nothing to warn about for a stack it fully understands', () => {
    expect(cloud.warnings).toEqual([]);
  });
});
