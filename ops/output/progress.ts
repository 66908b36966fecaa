import type { RedriveProgress } from '../dlq/move-messages.ts';
import type { CliIo } from './io.ts';

const BAR_WIDTH = 30;
/** Plain progress lines (not a terminal) come at most this often. */
const LINE_INTERVAL_MILLIS = 1_000;

/** Shows a redrive's progress on stderr. */
export interface ProgressReporter {
  update(progress: RedriveProgress): void;
  /** Ends the bar's line; call once when the redrive stops. */
  finish(): void;
}

function counts(progress: RedriveProgress): string {
  return `moved ${progress.moved}, skipped ${progress.skipped}, failed ${progress.failed}`;
}

/**
 * A progress bar redrawn in place when stderr is a terminal; otherwise a plain line at most once a
 * second (logs and CI stay readable). `total` is the DLQ depth at the start: approximate, so the
 * bar is capped at full.
 */
export function progressReporter(io: CliIo, total: number, now: () => number = Date.now): ProgressReporter {
  const tty = io.stderr.isTTY === true;
  let lastLine = 0;
  let drawn = false;
  return {
    update(progress) {
      const done = progress.moved + progress.skipped + progress.failed;
      if (tty) {
        const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : BAR_WIDTH;
        io.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}  ${counts(progress)}`,
        );
        drawn = true;
      } else if (now() - lastLine >= LINE_INTERVAL_MILLIS) {
        lastLine = now();
        io.stderr.write(`progress: ${counts(progress)} (of about ${total})\n`);
      }
    },
    finish() {
      if (drawn) io.stderr.write('\n');
    },
  };
}
