import type { SQSClient } from '@aws-sdk/client-sqs';
import { ListMessageMoveTasksCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { runMoveTask } from '../../../ops/dlq/move-task.ts';
import { createQueue, testSqsClient } from '../../support/queues.ts';
import { queueState } from '../support/ferry-cli.ts';

/** An SQS client that accepts StartMessageMoveTask and answers ListMessageMoveTasks from `tasks`. */
function moveTaskSqs(tasks: readonly Record<string, unknown>[]): { client: SQSClient; polls: number } {
  const state = { polls: 0, client: undefined as unknown as SQSClient };
  state.client = {
    send: async (command: unknown) => {
      if (!(command instanceof ListMessageMoveTasksCommand)) return { TaskHandle: 'task-1' };
      const task = tasks[Math.min(state.polls, tasks.length - 1)];
      state.polls += 1;
      return { Results: [task] };
    },
  } as unknown as SQSClient;
  return state;
}

describe('runMoveTask', () => {
  it('returns undefined when the endpoint has no StartMessageMoveTask (fauxqs)', async () => {
    const source = await queueState(await createQueue('ops-task'));
    const destination = await queueState(await createQueue('ops-task-to'));

    const report = await runMoveTask({
      sqs: testSqsClient(),
      sourceArn: source.arn,
      destinationArn: destination.arn,
    });

    expect(report).toBeUndefined();
  });

  it('follows the task until it completes and reports its progress', async () => {
    const sqs = moveTaskSqs([
      { Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 40 },
      { Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 100 },
    ]);
    const progress: number[] = [];

    const report = await runMoveTask({
      sqs: sqs.client,
      sourceArn: 'arn:aws:sqs:us-east-1:1:dlq',
      destinationArn: 'arn:aws:sqs:us-east-1:1:q',
      pollMillis: 1,
      onProgress: (p) => progress.push(p.moved),
    });

    expect(report).toEqual({
      method: 'move-task',
      moved: 100,
      skipped: 0,
      failed: 0,
      returned: 0,
      failures: [],
    });
    expect(progress).toEqual([40, 100]);
  });

  it('throws with the failure reason when the task fails', async () => {
    const sqs = moveTaskSqs([
      { Status: 'FAILED', ApproximateNumberOfMessagesMoved: 7, FailureReason: 'AccessDenied' },
    ]);

    const run = runMoveTask({
      sqs: sqs.client,
      sourceArn: 'arn:aws:sqs:us-east-1:1:dlq',
      destinationArn: 'x',
      pollMillis: 1,
    });

    await expect(run).rejects.toThrow(
      /ended FAILED after 7 messages \(AccessDenied\): fix the cause and run the redrive again/,
    );
  });
});
