import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** A plain-CDK function with inline code: no bundling, so plain-CDK fixtures synthesize fast. */
export function plainFunction(scope: Construct, id: string, timeoutSeconds = 30): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => ({ batchItemFailures: [] });'),
    timeout: Duration.seconds(timeoutSeconds),
  });
}
