import { describe, expect, it } from 'vitest';
import { repeatSuppressingReporter } from '../../../local/pollers/error-reporter.ts';

function reporter(quietMillis = 30_000) {
  const lines: string[] = [];
  let clock = 0;
  const report = repeatSuppressingReporter('poller', {
    write: (line) => lines.push(line),
    now: () => clock,
    quietMillis,
  });
  return {
    lines,
    report,
    advance: (millis: number) => {
      clock += millis;
    },
  };
}

function connectionRefused(): Error {
  const error = new Error('connect ECONNREFUSED 127.0.0.1:8000\n    more detail');
  error.name = 'TimeoutError';
  return error;
}

describe('repeatSuppressingReporter', () => {
  it('prints an error the first time with its stack, then stays quiet about it for the window', () => {
    const { lines, report, advance } = reporter();
    report(connectionRefused());
    for (let poll = 0; poll < 120; poll += 1) {
      advance(250);
      report(connectionRefused());
    }
    // 30 s of polls every 250 ms: the first line, then one summary when the window is over.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[poller\] TimeoutError: connect ECONNREFUSED 127\.0\.0\.1:8000\n/);
    expect(lines[0]).toContain('error-reporter.test.ts');
    expect(lines[1]).toBe(
      '[poller] TimeoutError: connect ECONNREFUSED 127.0.0.1:8000 (119 more since it was last printed 30 s ago)',
    );
  });

  it('prints distinct errors each on their own', () => {
    const { lines, report } = reporter();
    report(connectionRefused());
    report(new Error('ResourceNotFoundException'));
    report('a thrown string');
    report(connectionRefused());
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('[poller] a thrown string');
  });

  it('prints a repeat after the window without a count when nothing was suppressed', () => {
    const { lines, report, advance } = reporter(1_000);
    report(connectionRefused());
    advance(5_000);
    report(connectionRefused());
    expect(lines[1]).toBe('[poller] TimeoutError: connect ECONNREFUSED 127.0.0.1:8000');
  });

  it('remembers at most 100 distinct errors, forgetting the oldest', () => {
    const { lines, report } = reporter();
    for (let index = 0; index <= 100; index += 1) report(new Error(`error ${index}`));
    report(new Error('error 0'));
    report(new Error('error 100'));
    // 101 distinct ones printed; error 0 was forgotten, so it prints again; error 100 does not.
    expect(lines).toHaveLength(102);
    expect(lines[101]).toMatch(/^\[poller\] Error: error 0\n/);
  });
});
