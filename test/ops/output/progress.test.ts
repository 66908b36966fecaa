import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../../ops/output/progress.ts';

function capture(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    io: { stdout: { write: () => true }, stderr: { write: (text: string) => writes.push(text), isTTY } },
  };
}

describe('progressReporter', () => {
  it('redraws a bar in place on a terminal', () => {
    const { writes, io } = capture(true);
    const reporter = progressReporter(io, 100);

    reporter.update({ moved: 50, skipped: 0, failed: 0 });
    reporter.finish();

    expect(writes).toEqual([
      `\r[${'#'.repeat(15)}${'.'.repeat(15)}] 50/100  moved 50, skipped 0, failed 0`,
      '\n',
    ]);
  });

  it('prints a plain line at most once a second when not on a terminal', () => {
    const { writes, io } = capture(false);
    let now = 10_000;
    const reporter = progressReporter(io, 100, () => now);

    reporter.update({ moved: 10, skipped: 0, failed: 0 });
    now += 500;
    reporter.update({ moved: 20, skipped: 0, failed: 0 });
    now += 600;
    reporter.update({ moved: 30, skipped: 1, failed: 2 });
    reporter.finish();

    expect(writes).toEqual([
      'progress: moved 10, skipped 0, failed 0 (of about 100)\n',
      'progress: moved 30, skipped 1, failed 2 (of about 100)\n',
    ]);
  });
});
