import type { SQSClient } from '@aws-sdk/client-sqs';

/** The `@aws-sdk/client-sqs` module. */
export type SqsSdk = typeof import('@aws-sdk/client-sqs');

let sdk: Promise<SqsSdk> | undefined;

/**
 * The SQS SDK, loaded on first use. The consumer needs SQS only for failures (DLQ sends,
 * visibility changes), so a function whose batches succeed never pays the SDK's load time (about
 * 40 ms of cold start, measured) unless it sends messages itself.
 */
export function loadSqsSdk(): Promise<SqsSdk> {
  sdk ??= import('@aws-sdk/client-sqs');
  return sdk;
}

/** The shared default client (see `defaultSqsClient`), loaded on first use. */
export async function loadDefaultSqsClient(): Promise<SQSClient> {
  const { defaultSqsClient } = await import('./sqs-client.ts');
  return defaultSqsClient();
}
