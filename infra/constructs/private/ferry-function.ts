import { type Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What differs between Ferry's functions; everything else is a house default. */
export interface FerryFunctionOptions {
  readonly entry: string;
  readonly handler: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly tracing: lambda.Tracing;
  readonly environment: Readonly<Record<string, string>>;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * ESM bundles have no `require`; some dependencies still call it for Node built-ins. Single quotes
 * only: the banner passes through a shell when esbuild runs locally.
 */
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * A NodejsFunction with Ferry's defaults: nodejs24.x on arm64, bundled by the local esbuild (no
 * Docker), minified ESM with source maps, the AWS SDK v3 left to the runtime, its own log group with
 * a retention, and its own role that may only write to that log group (no AWS managed policy).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function createFerryFunction(
  scope: Construct,
  id: string,
  options: FerryFunctionOptions,
): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: options.logRetention });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${scope.node.path}/${id}`,
  });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, id, {
    entry: options.entry,
    handler: options.handler,
    description: options.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize,
    timeout: options.timeout,
    tracing: options.tracing,
    role,
    logGroup,
    reservedConcurrentExecutions: options.reservedConcurrentExecutions,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...options.environment },
    bundling: {
      forceDockerBundling: false,
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      banner: REQUIRE_SHIM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      externalModules: ['@aws-sdk/*'],
    },
  });

  if (options.tracing === lambda.Tracing.ACTIVE) {
    // X-Ray accepts no resource-level permissions for these two actions.
    // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
  }
  // These functions are invoked synchronously by an event source mapping; Lambda's DLQ and async
  // failure destinations apply only to asynchronous invocation. Failures go to the queue's redrive
  // DLQ or the stream mapping's on-failure destination instead.
  Validations.of(fn).acknowledge(
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by an event source mapping: a function DLQ only serves async invocations.',
    },
    {
      id: 'Serverless-LambdaAsyncFailureDestination',
      reason: 'Invoked synchronously by an event source mapping: async failure destinations never fire.',
    },
  );
  return fn;
}
