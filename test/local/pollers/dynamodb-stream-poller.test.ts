import { afterEach, describe, expect, it } from 'vitest';
import type { DynamoDbStreamPoller } from '../../../local/pollers/dynamodb-stream-poller.ts';
import { recordingFunction, startPoller, streamTable } from './stream-poller-fixtures.ts';

const running: DynamoDbStreamPoller[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
});

async function poll(options: Parameters<typeof startPoller>[0]) {
  const started = await startPoller(options);
  running.push(started.poller);
  return started;
}

describe('DynamoDbStreamPoller', () => {
  it('delivers records from TRIM_HORIZON in order, in batches of batchSize, shaped as Lambda does', async () => {
    const table = await streamTable();
    for (let index = 1; index <= 5; index += 1) await table.put('p', `s${index}`);
    const fn = recordingFunction();

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 2,
    });
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([['s1', 's2'], ['s3', 's4'], ['s5']]);
    const [record] = fn.events[0]?.Records ?? [];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: table.streamArn,
      dynamodb: { NewImage: { pk: { S: 'p' }, sk: { S: 's1' } }, StreamViewType: 'NEW_IMAGE' },
    });
    expect(typeof record?.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('starts after the records written before it with LATEST', async () => {
    const table = await streamTable();
    await table.put('p', 'before');
    const fn = recordingFunction();
    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'LATEST',
    });

    await table.put('p', 'after');
    await poller.waitForIdle();

    expect(fn.events.flatMap(fn.sortKeys)).toEqual(['after']);
  });

  it('drops records that match no filter and counts them', async () => {
    const table = await streamTable();
    await table.put('p', 's1');
    await table.update('p', 's1');
    await table.remove('p', 's1');
    await table.put('p', 's2');
    const fn = recordingFunction();

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      filters: [{ Pattern: '{"eventName":["INSERT"]}' }],
    });
    await poller.waitForIdle();

    expect(fn.events.flatMap((event) => event.Records.map((record) => record.eventName))).toEqual([
      'INSERT',
      'INSERT',
    ]);
    expect(poller.stats.filteredOutEventCount).toBe(2);
  });

  it('retries a failing batch MaximumRetryAttempts times, then sends metadata only on-failure and moves on', async () => {
    const table = await streamTable();
    await table.put('p', 'bad');
    await table.put('p', 'next');
    const fn = recordingFunction((event) => {
      if (event.Records.some((record) => record.dynamodb?.Keys?.sk?.S === 'bad')) throw new Error('boom');
    });

    const { poller, failures } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 1,
      maximumRetryAttempts: 2,
    });
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([['bad'], ['bad'], ['bad'], ['next']]);
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, streamArn: table.streamArn },
    });
    expect(failure?.DDBStreamBatchInfo.startSequenceNumber).toBe(
      failure?.DDBStreamBatchInfo.endSequenceNumber,
    );
    expect(Object.keys(failure ?? {})).not.toContain('payload');
  });

  it('bisects a failing batch down to the bad record without spending retries on the split', async () => {
    const table = await streamTable();
    for (const sk of ['a', 'b', 'bad', 'c']) await table.put('p', sk);
    const fn = recordingFunction((event) => {
      if (event.Records.some((record) => record.dynamodb?.Keys?.sk?.S === 'bad')) throw new Error('boom');
    });

    const { poller, failures } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 0,
    });
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([
      ['a', 'b', 'bad', 'c'],
      ['a', 'b'],
      ['bad', 'c'],
      ['bad'],
      ['c'],
    ]);
    expect(failures.map((failure) => failure.DDBStreamBatchInfo.batchSize)).toEqual([1]);
  });

  it('checkpoints at the lowest reported sequence number and replays from it', async () => {
    const table = await streamTable();
    for (const sk of ['s1', 's2', 's3', 's4']) await table.put('p', sk);
    const fn = recordingFunction((event, call) => {
      const sequence = (sk: string) =>
        event.Records.find((record) => record.dynamodb?.Keys?.sk?.S === sk)?.dynamodb?.SequenceNumber;
      return call === 1
        ? { batchItemFailures: [{ itemIdentifier: sequence('s4') }, { itemIdentifier: sequence('s2') }] }
        : {};
    });

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      reportBatchItemFailures: true,
    });
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([
      ['s1', 's2', 's3', 's4'],
      ['s2', 's3', 's4'],
    ]);
  });

  it('fails the whole batch when a reported identifier is not in it', async () => {
    const table = await streamTable();
    await table.put('p', 's1');
    await table.put('p', 's2');
    const fn = recordingFunction((_, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '42' }] } : null,
    );

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      reportBatchItemFailures: true,
    });
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([
      ['s1', 's2'],
      ['s1', 's2'],
    ]);
  });

  it('ignores a reported failure list when ReportBatchItemFailures is off', async () => {
    const table = await streamTable();
    await table.put('p', 's1');
    const fn = recordingFunction((event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber }],
    }));

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
    });
    await poller.waitForIdle();

    expect(fn.events).toHaveLength(1);
  });

  it('sends records older than MaximumRecordAgeInSeconds on-failure without invoking', async () => {
    const table = await streamTable();
    await table.put('p', 'old');
    const fn = recordingFunction();
    const inTwoHours = () => Date.now() + 2 * 3_600_000;

    const { poller, failures } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      maximumRecordAgeInSeconds: 3_600,
      now: inTwoHours,
    });
    await poller.waitForIdle();

    expect(fn.events).toHaveLength(0);
    expect(failures.map((failure) => failure.requestContext.condition)).toEqual(['RecordAgeExceeded']);
  });

  it('waits up to the batching window to fill a batch', async () => {
    const table = await streamTable();
    const fn = recordingFunction();
    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'LATEST',
      maximumBatchingWindowInSeconds: 1,
    });

    await table.put('p', 's1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await table.put('p', 's2');
    await poller.waitForIdle();

    expect(fn.events.map(fn.sortKeys)).toEqual([['s1', 's2']]);
  });

  it('runs parallelizationFactor batches of up to batchSize at once while keeping each key in order', async () => {
    const table = await streamTable();
    for (let index = 0; index < 6; index += 1) {
      await table.put('x', `x${index}`);
      await table.put('y', `y${index}`);
    }
    let inFlight = 0;
    let maxInFlight = 0;
    const fn = recordingFunction(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight -= 1;
    });

    const { poller } = await poll({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 4,
      parallelizationFactor: 2,
    });
    await poller.waitForIdle();

    const keys = fn.events.flatMap(fn.sortKeys);
    expect(maxInFlight).toBe(2);
    // Each concurrent batch holds up to batchSize records of its keys, as on AWS.
    expect(fn.events.slice(0, 2).map((event) => event.Records.length)).toEqual([4, 4]);
    expect(keys.filter((key) => key?.startsWith('x'))).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    expect(keys.filter((key) => key?.startsWith('y'))).toEqual(['y0', 'y1', 'y2', 'y3', 'y4', 'y5']);
  });

  it('stops while a batch is being retried forever', async () => {
    const table = await streamTable();
    await table.put('p', 'bad');
    const fn = recordingFunction(() => {
      throw new Error('always');
    });
    const { poller } = await startPoller({
      streamArn: table.streamArn,
      invoke: fn.invoke,
      startingPosition: 'TRIM_HORIZON',
    });
    while (fn.events.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    await poller.stop();

    const invocations = fn.events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fn.events.length).toBe(invocations);
  });
});
