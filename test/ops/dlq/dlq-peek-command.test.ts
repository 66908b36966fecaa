import { describe, expect, it } from 'vitest';
import { createQueue } from '../../support/queues.ts';
import { emulatorEndpoint, parkMessages, queueState, runFerry } from '../support/ferry-cli.ts';

describe('ferry dlq peek', () => {
  it('prints each message with its error, source, receive counts and the no-true-peek warning', async () => {
    const dlqUrl = await createQueue('ops-peek');
    await parkMessages(dlqUrl, 2, () => ({
      errorName: 'ValidationError',
      sourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders',
    }));

    const run = await runFerry(['dlq', 'peek', dlqUrl, ...emulatorEndpoint()]);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/SQS has no true peek/);
    expect(run.stdout.match(/error: {7}ValidationError: message \d failed/g)).toHaveLength(2);
    expect(run.stdout).toContain('source:      arn:aws:sqs:us-east-1:000000000000:orders');
    expect(run.stdout).toContain('receives:    5 before dead-lettering, 1 in the DLQ');
  });

  it('prints the messages as JSON and leaves them visible in the queue', async () => {
    const dlqUrl = await createQueue('ops-peek');
    await parkMessages(dlqUrl, 3, (index) => ({ errorName: `Error${index}` }));

    const run = await runFerry(['dlq', 'peek', dlqUrl, '--limit', '2', '--json', ...emulatorEndpoint()]);

    const output = JSON.parse(run.stdout) as {
      queue: string;
      messages: { errorName: string; originalMessageId: string }[];
    };
    expect(output.queue).toBe(dlqUrl);
    expect(output.messages).toHaveLength(2);
    expect(output.messages[0]).toMatchObject({
      errorName: expect.stringMatching(/^Error\d$/),
      originalMessageId: expect.stringMatching(/^original-\d$/),
    });
    expect(await queueState(dlqUrl)).toMatchObject({ visible: 3, inFlight: 0 });
  });

  it('fails with exit code 1 and says how to find the DLQs when the queue does not exist', async () => {
    const run = await runFerry(['dlq', 'peek', 'no-such-queue-x1', ...emulatorEndpoint()]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/queue no-such-queue-x1 does not exist .*run `ferry dlq list`/);
  });

  it('fails with exit code 2 on a bad --limit', async () => {
    const run = await runFerry(['dlq', 'peek', 'q', '--limit', 'zero', ...emulatorEndpoint()]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a whole number of at least 1, got zero/);
  });
});
