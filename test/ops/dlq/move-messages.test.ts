import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { destinationResolver } from '../../../ops/dlq/destinations.ts';
import { receiveHeld, releaseMessages } from '../../../ops/dlq/held-receive.ts';
import { moveMessages } from '../../../ops/dlq/move-messages.ts';
import { redriveEntry } from '../../../ops/dlq/redrive-request.ts';
import { FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import { createQueue, drainQueue, testSqsClient } from '../../support/queues.ts';
import { parkMessages, queueState } from '../support/ferry-cli.ts';

const bodyNumber = (body: string | undefined) => (JSON.parse(body ?? '{}') as { n: number }).n;

describe('moveMessages', () => {
  it('moves 1,000 messages back to the source queue named on each message and empties the DLQ', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    const sourceUrl = await createQueue('ops-source');
    const { arn: sourceArn } = await queueState(sourceUrl);
    await parkMessages(dlqUrl, 1_000, () => ({ errorName: 'TransientError', sourceArn }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), undefined),
    });

    const arrived = await drainQueue(sourceUrl, { expected: 1_000 });
    expect(report).toMatchObject({ moved: 1_000, skipped: 0, failed: 0 });
    expect(new Set(arrived.map((message) => bodyNumber(message.Body))).size).toBe(1_000);
    expect(await queueState(dlqUrl)).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('strips the failure attributes and keeps the application ones', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    const toUrl = await createQueue('ops-to');
    await parkMessages(dlqUrl, 1, () => ({ errorName: 'TransientError' }));

    await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), toUrl),
    });

    const [message] = await drainQueue(toUrl, { expected: 1 });
    expect(Object.keys(message?.MessageAttributes ?? {})).toEqual(['app.tenant']);
  });

  it('moves only the messages whose error name matches and leaves the rest visible in the DLQ', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    const toUrl = await createQueue('ops-to');
    await parkMessages(dlqUrl, 30, (index) => ({
      errorName: index % 3 === 0 ? 'ValidationError' : 'TimeoutError',
    }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), toUrl),
      errorName: 'ValidationError',
    });

    const moved = await drainQueue(toUrl, { expected: 10 });
    const left = await drainQueue(dlqUrl, { expected: 20 });
    expect(report).toMatchObject({ moved: 10, skipped: 20, failed: 0 });
    expect(moved.map((message) => bodyNumber(message.Body) % 3)).toEqual(Array(10).fill(0));
    expect(
      left.every(
        (message) =>
          message.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue === 'TimeoutError',
      ),
    ).toBe(true);
  });

  it('fails the messages whose source queue is unknown and keeps them in the DLQ', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    await parkMessages(dlqUrl, 3, () => ({ errorName: 'TransientError' }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), undefined),
    });

    expect(report).toMatchObject({ moved: 0, failed: 3 });
    expect(report.failures[0]?.reason).toMatch(/pass --to/);
    expect(await queueState(dlqUrl)).toMatchObject({ visible: 3 });
  });

  it('fails the messages that came from a stream instead of a queue and points at outbox replay', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/outbox/stream/2026-11-28T00:00:00.000';
    await parkMessages(dlqUrl, 1, () => ({ errorName: 'RouteError', sourceArn: streamArn }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), undefined),
    });

    expect(report.failures[0]?.reason).toBe(
      `the message came from ${streamArn}, not a queue: pass --to <queue>, or use \`ferry outbox replay\` for outbox events`,
    );
  });

  it('leaves the messages that reach the DLQ during the run instead of moving them in a loop', async () => {
    const dlqUrl = await createQueue('ops-dlq');
    await parkMessages(dlqUrl, 3, () => ({ errorName: 'TransientError' }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), dlqUrl),
    });

    expect(report).toMatchObject({ moved: 3, returned: 3, skipped: 0, failed: 0 });
    expect(await queueState(dlqUrl)).toMatchObject({ visible: 3, inFlight: 0 });
  });

  it('keeps the message group on FIFO queues', async () => {
    const dlqUrl = await createQueue('ops-dlq', { fifo: true });
    const toUrl = await createQueue('ops-to', { fifo: true });
    await parkMessages(dlqUrl, 4, (index) => ({ errorName: 'TransientError', groupId: `g${index % 2}` }));

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), toUrl),
    });

    const arrived = await drainQueue(toUrl, { expected: 4 });
    expect(report.moved).toBe(4);
    expect(
      arrived.map((message) => `${message.Attributes?.MessageGroupId}:${bodyNumber(message.Body)}`).sort(),
    ).toEqual(['g0:0', 'g0:2', 'g1:1', 'g1:3']);
  });

  it('sends a FIFO message only once when a redrive died after sending it and before deleting it', async () => {
    const dlqUrl = await createQueue('ops-dlq', { fifo: true });
    const toUrl = await createQueue('ops-to', { fifo: true });
    await parkMessages(dlqUrl, 2, (index) => ({ errorName: 'TransientError', groupId: `g${index}` }));
    const interrupted = await receiveHeld(testSqsClient(), dlqUrl, 10, 30);
    await testSqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: toUrl,
        Entries: interrupted.map((message, index) => redriveEntry(message, String(index), toUrl)),
      }),
    );
    await releaseMessages(testSqsClient(), dlqUrl, interrupted);

    const report = await moveMessages({
      sqs: testSqsClient(),
      sourceUrl: dlqUrl,
      destination: destinationResolver(testSqsClient(), toUrl),
    });

    const arrived = await drainQueue(toUrl, { idleMillis: 300 });
    expect(interrupted).toHaveLength(2);
    expect(report.moved).toBe(2);
    expect(arrived.map((message) => bodyNumber(message.Body)).sort()).toEqual([0, 1]);
  });
});
