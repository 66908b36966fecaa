import { type CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { OpsError } from '../errors.ts';

/**
 * Reads `ApproximateAgeOfOldestMessage` (seconds) for queues by name; a queue with no recent
 * datapoint is absent from the answer. This is how on-call reads age without touching the queue:
 * SQS's API has no age attribute, and sampling messages raises their receive counts.
 */
export type OldestAgeReader = (queueNames: readonly string[]) => Promise<ReadonlyMap<string, number>>;

/** How far back a datapoint still counts: SQS publishes its metrics every minute for active queues. */
const LOOKBACK_MILLIS = 15 * 60_000;
/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/**
 * The age from CloudWatch (AWS or LocalStack): the latest 1-minute Maximum of the last 15 minutes.
 * For a DLQ, AWS counts it from when the message was moved there (standard queues keep the
 * original enqueue time for retention, but not for this metric).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
 */
export function cloudWatchAgeReader(
  cloudWatch: Pick<CloudWatchClient, 'send'>,
  now: () => number = Date.now,
): OldestAgeReader {
  return async (queueNames) => {
    const ages = new Map<string, number>();
    const end = now();
    for (let start = 0; start < queueNames.length; start += QUERIES_PER_CALL) {
      const names = queueNames.slice(start, start + QUERIES_PER_CALL);
      let nextToken: string | undefined;
      do {
        const page = await cloudWatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(end - LOOKBACK_MILLIS),
            EndTime: new Date(end),
            ScanBy: 'TimestampDescending',
            NextToken: nextToken,
            MetricDataQueries: names.map((queueName, index) => ({
              Id: `q${index}`,
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/SQS',
                  MetricName: 'ApproximateAgeOfOldestMessage',
                  Dimensions: [{ Name: 'QueueName', Value: queueName }],
                },
                Period: 60,
                Stat: 'Maximum',
              },
            })),
          }),
        );
        for (const result of page.MetricDataResults ?? []) {
          const queueName = names[Number(result.Id?.slice(1))];
          const latest = result.Values?.[0];
          // Pages continue a query's values; the first page holds the newest (TimestampDescending).
          if (queueName !== undefined && latest !== undefined && !ages.has(queueName))
            ages.set(queueName, Math.round(latest));
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    return ages;
  };
}

/** The gauge the local cloud exposes for the latest `AWS/SQS ApproximateAgeOfOldestMessage` sample. */
const LOCAL_AGE_GAUGE = 'aws_sqs_approximate_age_of_oldest_message_last';

/**
 * The age from a running local cloud's `GET /_local/metrics` (Prometheus text), where it records
 * the same metric from the emulator's own view of each queue.
 */
export function localCloudAgeReader(url: string): OldestAgeReader {
  return async (queueNames) => {
    const response = await fetch(new URL('/_local/metrics', url));
    if (!response.ok)
      throw new OpsError(
        `the local cloud at ${url} answered ${response.status} to /_local/metrics: restart it with \`npm start\``,
      );
    const gauges = parseGauge(await response.text(), LOCAL_AGE_GAUGE, 'queue_name');
    return new Map(queueNames.flatMap((name) => (gauges.has(name) ? [[name, gauges.get(name) ?? 0]] : [])));
  };
}

/** Values of one gauge family by one label, from Prometheus text (`name{label="x",...} 12`). */
export function parseGauge(text: string, family: string, label: string): Map<string, number> {
  const values = new Map<string, number>();
  const labelPattern = new RegExp(`(?:^|,)${label}="((?:[^"\\\\]|\\\\.)*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${family}{`)) continue;
    const close = line.lastIndexOf('}');
    const labelValue = labelPattern.exec(line.slice(family.length + 1, close))?.[1];
    const value = Number(line.slice(close + 1).trim());
    if (labelValue !== undefined && Number.isFinite(value))
      values.set(
        labelValue.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char)),
        value,
      );
  }
  return values;
}
