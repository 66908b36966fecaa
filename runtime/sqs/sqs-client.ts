import { SQSClient } from '@aws-sdk/client-sqs';

let shared: SQSClient | undefined;

/**
 * The process-wide SQS client used when none is passed: created on first use, never at import
 * and never per record, so its connections are reused across invocations.
 */
export function defaultSqsClient(): SQSClient {
  shared ??= new SQSClient({});
  return shared;
}
