import type { GetMetricDataCommand, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { cloudWatchAgeReader, parseGauge } from '../../../ops/dlq/oldest-age.ts';

function fakeCloudWatch(pages: GetMetricDataCommandOutput['MetricDataResults'][]) {
  const calls: GetMetricDataCommand['input'][] = [];
  return {
    calls,
    send: async (command: GetMetricDataCommand) => {
      calls.push(command.input);
      const results = pages[calls.length - 1] ?? [];
      return { MetricDataResults: results, NextToken: calls.length < pages.length ? 'more' : undefined };
    },
  };
}

describe('cloudWatchAgeReader', () => {
  it('asks for the 1-minute Maximum of ApproximateAgeOfOldestMessage per queue, newest first', async () => {
    const cloudWatch = fakeCloudWatch([
      [
        { Id: 'q0', Values: [310.4, 250] },
        { Id: 'q1', Values: [] },
      ],
    ]);
    const now = Date.parse('2026-11-29T03:00:00Z');

    const ages = await cloudWatchAgeReader(cloudWatch as never, () => now)(['orders-dlq', 'idle-dlq']);

    expect([...ages]).toEqual([['orders-dlq', 310]]);
    const input = cloudWatch.calls[0];
    expect(input?.ScanBy).toBe('TimestampDescending');
    expect(input?.EndTime).toEqual(new Date(now));
    expect(input?.StartTime).toEqual(new Date(now - 15 * 60_000));
    expect(input?.MetricDataQueries?.[1]).toEqual({
      Id: 'q1',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: 'idle-dlq' }],
        },
        Period: 60,
        Stat: 'Maximum',
      },
    });
  });

  it('keeps the newest value when a query continues on the next page', async () => {
    const cloudWatch = fakeCloudWatch([[{ Id: 'q0', Values: [40] }], [{ Id: 'q0', Values: [10] }]]);

    const ages = await cloudWatchAgeReader(cloudWatch as never)(['orders-dlq']);

    expect(ages.get('orders-dlq')).toBe(40);
    expect(cloudWatch.calls[1]?.NextToken).toBe('more');
  });

  it('splits more than 500 queues over several calls', async () => {
    const cloudWatch = fakeCloudWatch([]);
    const names = Array.from({ length: 501 }, (_, index) => `dlq-${index}`);

    await cloudWatchAgeReader(cloudWatch as never)(names);

    expect(cloudWatch.calls.map((input) => input.MetricDataQueries?.length)).toEqual([500, 1]);
  });
});

describe('parseGauge', () => {
  it('reads one gauge family by label, unescaping label values', () => {
    const text = [
      '# TYPE aws_sqs_approximate_age_of_oldest_message_last gauge',
      'aws_sqs_approximate_age_of_oldest_message_last{queue_name="a"} 12',
      'aws_sqs_approximate_age_of_oldest_message_last{other="x",queue_name="b\\"q"} 3.5',
      'aws_sqs_approximate_age_of_oldest_message_sum{queue_name="a"} 99',
      'aws_sqs_approximate_age_of_oldest_message_last{queue_name="c"} NaN',
    ].join('\n');

    const gauges = parseGauge(text, 'aws_sqs_approximate_age_of_oldest_message_last', 'queue_name');

    expect([...gauges]).toEqual([
      ['a', 12],
      ['b"q', 3.5],
    ]);
  });
});
