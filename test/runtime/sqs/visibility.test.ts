import { describe, expect, it } from 'vitest';
import { changeVisibility, queueUrlOf } from '../../../runtime/sqs/visibility.ts';
import { FakeSqs, queueArn } from './sqs-fixtures.ts';

describe('queueUrlOf', () => {
  it('asks SQS once per queue and client', async () => {
    const sqs = new FakeSqs();

    const first = await queueUrlOf(sqs.client, queueArn('cached'));
    const second = await queueUrlOf(sqs.client, queueArn('cached'));

    expect(first).toBe('http://sqs.test/000000000000/cached');
    expect(second).toBe(first);
    expect(sqs.queueUrlLookups).toEqual(['cached']);
  });

  it('asks again after a failed lookup', async () => {
    const sqs = new FakeSqs();
    sqs.failQueueUrl = new Error('throttled');
    await expect(queueUrlOf(sqs.client, queueArn('retry'))).rejects.toThrow('throttled');
    sqs.failQueueUrl = undefined;

    const url = await queueUrlOf(sqs.client, queueArn('retry'));

    expect(url).toBe('http://sqs.test/000000000000/retry');
  });

  it('fails when SQS answers without a URL', async () => {
    const sqs = new FakeSqs();
    sqs.client.send = (async () => ({})) as unknown as typeof sqs.client.send;

    await expect(queueUrlOf(sqs.client, queueArn('ghost'))).rejects.toThrow(/GetQueueUrl returned no URL/);
  });

  it('fails on something that is not an SQS queue ARN', async () => {
    const sqs = new FakeSqs();

    await expect(queueUrlOf(sqs.client, 'arn:aws:sns:us-east-1:1:topic')).rejects.toThrow(
      /is not an SQS queue ARN; pass the source queue URL/,
    );
  });
});

describe('changeVisibility', () => {
  it('applies every change in calls of at most 10 entries', async () => {
    const sqs = new FakeSqs();
    const calls: number[] = [];
    const send = sqs.client.send.bind(sqs.client);
    sqs.client.send = ((command: { input: { Entries?: unknown[] } }) => {
      calls.push(command.input.Entries?.length ?? 0);
      return send(command as never);
    }) as typeof sqs.client.send;
    const changes = Array.from({ length: 23 }, (_, key) => ({
      key,
      receiptHandle: `rh-${key}`,
      visibilityTimeoutSeconds: key,
    }));

    const failures = await changeVisibility(sqs.client, 'http://sqs.test/q', changes);

    expect(failures).toEqual([]);
    expect(calls.sort((a, b) => a - b)).toEqual([3, 10, 10]);
    expect(sqs.timeoutOf('rh-22')).toBe(22);
  });

  it('returns the entries SQS reports as failed', async () => {
    const sqs = new FakeSqs();
    sqs.rejectVisibilityOf.add('rh-1');

    const failures = await changeVisibility(sqs.client, 'http://sqs.test/q', [
      { key: 0, receiptHandle: 'rh-0', visibilityTimeoutSeconds: 5 },
      { key: 1, receiptHandle: 'rh-1', visibilityTimeoutSeconds: 5 },
    ]);

    expect(failures).toEqual([{ key: 1, reason: 'ReceiptHandleIsInvalid:' }]);
  });

  it('returns every entry of a call that failed outright', async () => {
    const sqs = new FakeSqs();
    sqs.failVisibility = new Error('socket hang up');

    const failures = await changeVisibility(sqs.client, 'http://sqs.test/q', [
      { key: 4, receiptHandle: 'rh-4', visibilityTimeoutSeconds: 1 },
    ]);

    expect(failures).toEqual([{ key: 4, reason: 'Error: socket hang up' }]);
  });
});
