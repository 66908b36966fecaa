/** Options of {@link repeatSuppressingReporter}. */
export interface ErrorReporterOptions {
  /** Where lines go. @default console.error */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
  /** How long the same error stays quiet after it was printed. @default 30_000 */
  readonly quietMillis?: number;
}

/** Distinct errors remembered at once; the oldest is forgotten first. */
const MAX_REMEMBERED = 100;

function summaryOf(error: unknown): string {
  if (error instanceof Error) {
    const firstLine = error.message.split('\n', 1)[0] ?? '';
    return `${error.name}: ${firstLine}`;
  }
  return String(error);
}

/**
 * An `onError` for a poller's loop: prints an error the first time it is seen (with its stack)
 * and then at most once per `quietMillis`, saying how often it came back meanwhile. A poller
 * retries every few hundred milliseconds per shard or queue, so an outage of its source (DynamoDB
 * Local restarting, fauxqs stopping) would otherwise print the same stack trace dozens of times a
 * second and bury everything else in the terminal.
 */
export function repeatSuppressingReporter(
  label: string,
  options: ErrorReporterOptions = {},
): (error: unknown) => void {
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const quietMillis = options.quietMillis ?? 30_000;
  const remembered = new Map<string, { printedAt: number; suppressed: number }>();
  return (error) => {
    const summary = summaryOf(error);
    const at = now();
    const entry = remembered.get(summary);
    if (entry && at - entry.printedAt < quietMillis) {
      entry.suppressed += 1;
      return;
    }
    if (entry) {
      const repeats =
        entry.suppressed > 0
          ? ` (${entry.suppressed} more since it was last printed ${Math.round((at - entry.printedAt) / 1000)} s ago)`
          : '';
      write(`[${label}] ${summary}${repeats}`);
      remembered.delete(summary);
    } else {
      // A stack starts with the error's name and message.
      write(`[${label}] ${error instanceof Error && error.stack ? error.stack : summary}`);
      if (remembered.size >= MAX_REMEMBERED) {
        const oldest = remembered.keys().next().value;
        if (oldest !== undefined) remembered.delete(oldest);
      }
    }
    remembered.set(summary, { printedAt: at, suppressed: 0 });
  };
}
