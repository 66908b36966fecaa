import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createQueue, drainQueue, testSqsClient } from '../../support/queues.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { emulatorEndpoint, parkMessages, queueState, runFerry } from '../support/ferry-cli.ts';

const bodyNumber = (body: string | undefined) => (JSON.parse(body ?? '{}') as { n: number }).n;

describe('ferry dlq redrive', () => {
  it('falls back from StartMessageMoveTask to moving messages itself and prints the counts', async () => {
    const dlqUrl = await createQueue('ops-redrive');
    const toUrl = await createQueue('ops-to');
    await parkMessages(dlqUrl, 25, () => ({ errorName: 'TimeoutError' }));

    const run = await runFerry(['dlq', 'redrive', dlqUrl, '--to', toUrl, ...emulatorEndpoint()]);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/has no StartMessageMoveTask: moving messages by receive, send, delete/);
    expect(run.stdout).toBe('moved 25, skipped 0, failed 0 (receive-send-delete)\n');
    expect(await drainQueue(toUrl, { expected: 25 })).toHaveLength(25);
  });

  it('prints the report as JSON with --where counting the skipped messages', async () => {
    const dlqUrl = await createQueue('ops-redrive');
    const toUrl = await createQueue('ops-to');
    await parkMessages(dlqUrl, 12, (index) => ({
      errorName: index < 4 ? 'ValidationError' : 'TimeoutError',
    }));

    const run = await runFerry([
      'dlq',
      'redrive',
      dlqUrl,
      '--to',
      toUrl,
      '--where',
      'error=ValidationError',
      '--json',
      ...emulatorEndpoint(),
    ]);

    expect(JSON.parse(run.stdout)).toMatchObject({
      moved: 4,
      skipped: 8,
      failed: 0,
      method: 'receive-send-delete',
    });
    expect(
      (await drainQueue(toUrl, { expected: 4 })).map((message) => bodyNumber(message.Body)).sort(),
    ).toEqual([0, 1, 2, 3]);
  });

  it('fails with exit code 1 and names the DLQ when given a source queue', async () => {
    const dlqUrl = await createQueue('ops-redrive');
    const { arn } = await queueState(dlqUrl);
    const created = await testSqsClient().send(
      new CreateQueueCommand({
        QueueName: uniqueName('ops-source'),
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 }) },
      }),
    );

    const run = await runFerry(['dlq', 'redrive', created.QueueUrl ?? '', ...emulatorEndpoint()]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is not a DLQ: it is a source queue whose DLQ is ${arn}`);
  });

  it('fails with exit code 2 on a --where it does not know', async () => {
    const run = await runFerry(['dlq', 'redrive', 'q', '--where', 'group=a', ...emulatorEndpoint()]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--where takes error=ClassName/);
  });

  it('loses no message when a redrive process is killed half-way and run again', async () => {
    const dlqUrl = await createQueue('ops-redrive');
    const toUrl = await createQueue('ops-to');
    await parkMessages(dlqUrl, 300, () => ({ errorName: 'TimeoutError' }));
    const args = [
      'ops/bin/ferry.mjs',
      'dlq',
      'redrive',
      dlqUrl,
      '--to',
      toUrl,
      '--rate',
      '200',
      '--hold-seconds',
      '1',
      ...emulatorEndpoint(),
    ];
    const first = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let progress = '';
    first.stderr.on('data', (chunk: Buffer) => {
      progress += chunk.toString();
      if (progress.includes('progress: moved')) first.kill('SIGKILL');
    });
    await once(first, 'exit');
    const afterKill = await queueState(dlqUrl);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const second = await runFerry([
      'dlq',
      'redrive',
      dlqUrl,
      '--to',
      toUrl,
      '--hold-seconds',
      '5',
      '--json',
      ...emulatorEndpoint(),
    ]);

    const arrived = await drainQueue(toUrl, { idleMillis: 300 });
    expect(afterKill.visible + afterKill.inFlight).toBeGreaterThan(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ failed: 0 });
    expect(new Set(arrived.map((message) => bodyNumber(message.Body))).size).toBe(300);
    expect(await queueState(dlqUrl)).toMatchObject({ visible: 0, inFlight: 0 });
  });
});
