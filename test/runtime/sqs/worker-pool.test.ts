import { describe, expect, it } from 'vitest';
import { runWithConcurrency } from '../../../runtime/sqs/worker-pool.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runWithConcurrency', () => {
  it('runs every index once, starting them in order', async () => {
    const started: number[] = [];

    await runWithConcurrency(12, 5, async (index) => {
      started.push(index);
      await tick();
    });

    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('keeps at most `concurrency` tasks in flight', async () => {
    let running = 0;
    let peak = 0;

    await runWithConcurrency(30, 3, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
    });

    expect(peak).toBe(3);
  });

  it('does nothing for zero tasks', async () => {
    let calls = 0;

    await runWithConcurrency(0, 4, async () => {
      calls += 1;
    });

    expect(calls).toBe(0);
  });

  it('fails with the error of a task that throws', async () => {
    const run = runWithConcurrency(3, 2, async (index) => {
      if (index === 1) throw new Error('task 1 broke');
    });

    await expect(run).rejects.toThrow('task 1 broke');
  });
});
