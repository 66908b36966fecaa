import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { defaultSqsClient } from '../../../runtime/sqs/sqs-client.ts';
import { loadDefaultSqsClient, loadSqsSdk } from '../../../runtime/sqs/sqs-sdk.ts';

describe('loadSqsSdk', () => {
  it('loads the SQS SDK module once', async () => {
    const first = await loadSqsSdk();
    const second = await loadSqsSdk();

    expect(first.SQSClient).toBe(SQSClient);
    expect(second).toBe(first);
  });

  it('loads the same shared client that defaultSqsClient returns', async () => {
    const loaded = await loadDefaultSqsClient();

    expect(loaded).toBeInstanceOf(SQSClient);
    expect(loaded).toBe(defaultSqsClient());
  });
});
