import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, testSqsClient } from '../../support/queues.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { startFakeLocalCloud } from '../support/fake-local-cloud.ts';
import { parkMessages, queueState, runFerry } from '../support/ferry-cli.ts';

describe('ferry dlq list', () => {
  let cloud: { url: string; close(): Promise<void> };
  const names: Record<string, string> = {};

  beforeAll(async () => {
    const dlqUrl = await createQueue('orders-dead');
    const relayDlqUrl = await createQueue('relay-dlq');
    const { arn } = await queueState(dlqUrl);
    const source = await testSqsClient().send(
      new CreateQueueCommand({
        QueueName: uniqueName('orders'),
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 }) },
      }),
    );
    const sourceUrl = source.QueueUrl ?? '';
    await parkMessages(dlqUrl, 3, () => ({ errorName: 'ValidationError' }));
    Object.assign(names, {
      dlq: dlqUrl.split('/').at(-1),
      relayDlq: relayDlqUrl.split('/').at(-1),
      source: sourceUrl.split('/').at(-1),
    });
    cloud = await startFakeLocalCloud({
      metrics: [
        '# TYPE aws_sqs_approximate_age_of_oldest_message_last gauge',
        `aws_sqs_approximate_age_of_oldest_message_last{queue_name="${names.dlq}"} 4242`,
        `aws_sqs_approximate_age_of_oldest_message_last{queue_name="${names.source}"} 7`,
      ].join('\n'),
      queues: [
        { logicalId: 'OrdersDeadLetterQueue1A2B', url: dlqUrl },
        { logicalId: 'OrdersQueue3C4D', url: sourceUrl },
        { logicalId: 'OutboxRelayDlq5E6F', url: relayDlqUrl },
      ],
    });
  });

  afterAll(() => cloud.close());

  it('prints a table of the DLQs with depth, the age metric of the oldest message and source queues', async () => {
    const run = await runFerry(['dlq', 'list', '--local', cloud.url]);

    const lines = run.stdout.split('\n');
    expect(run.code).toBe(0);
    expect(lines[0]).toBe(`DLQs in local cloud at ${cloud.url}`);
    expect(lines[1]).toMatch(/^QUEUE +MESSAGES +IN FLIGHT +OLDEST +SOURCES$/);
    expect(lines[2]).toMatch(new RegExp(`^${names.dlq} +3 +0 +1h 10m +${names.source}$`));
    expect(lines[3]).toMatch(new RegExp(`^${names.relayDlq} +0 +0 +- +\\(by name\\)$`));
    expect(run.stdout).not.toMatch(new RegExp(`^${names.source} `, 'm'));
    expect(run.stdout).toMatch(/OLDEST: ApproximateAgeOfOldestMessage/);
  });

  it('takes the age from peeked SentTimestamps only when --age-sample asks for it', async () => {
    const run = await runFerry(['dlq', 'list', '--local', cloud.url, '--age-sample', '5', '--json']);

    const output = JSON.parse(run.stdout) as { deadLetterQueues: Record<string, unknown>[] };
    expect(output.deadLetterQueues[0]).toMatchObject({ name: names.dlq, ageSource: 'sample' });
    expect(output.deadLetterQueues[0]?.oldestAgeSeconds).toBeLessThan(600);
  });

  it('prints the DLQs as JSON, saying why each counts as one', async () => {
    const run = await runFerry(['dlq', 'list', '--local', cloud.url, '--json']);

    const output = JSON.parse(run.stdout) as { deadLetterQueues: Record<string, unknown>[] };
    expect(output.deadLetterQueues).toEqual([
      expect.objectContaining({
        name: names.dlq,
        depth: 3,
        reason: 'redrive-policy',
        sources: [names.source],
        oldestAgeSeconds: 4242,
        ageSource: 'metric',
      }),
      expect.objectContaining({
        name: names.relayDlq,
        depth: 0,
        reason: 'name',
        sources: [],
        ageSource: 'empty',
      }),
    ]);
  });

  it('fails with exit code 1 when --local points where no local cloud runs', async () => {
    const run = await runFerry(['dlq', 'list', '--local', 'http://127.0.0.1:9']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no local cloud answers at http:\/\/127.0.0.1:9: start it with `npm start`/);
  });
});
