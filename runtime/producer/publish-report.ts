import { MessageTooLargeError, PublishError } from '../errors.ts';
import type { BatchChannel } from './batch-channel.ts';
import type { PublishItem, PublishReport } from './publish-in-batches.ts';

/** What a successful send did. */
export interface SendReport {
  /** Messages delivered. */
  readonly sent: number;
  /** Batch API calls made, retries included. */
  readonly calls: number;
}

/** Items `#0`, `#1`... for entries the caller gave without ids. */
export function numberedItems<TEntry>(
  entries: readonly TEntry[],
  groupOf: (entry: TEntry) => string | undefined,
): PublishItem<TEntry>[] {
  return entries.map((entry, index) => {
    const group = groupOf(entry);
    return group === undefined ? { id: `#${index}`, entry } : { id: `#${index}`, entry, group };
  });
}

/**
 * Throws a {@link MessageTooLargeError} for the first entry over the channel's limit, before
 * anything is sent: a batch call would fail as a whole, or the entry would be rejected.
 */
export function assertSizes<TEntry>(
  channel: BatchChannel<TEntry>,
  items: readonly PublishItem<TEntry>[],
): void {
  for (const item of items) {
    const size = channel.sizeOf(item.entry);
    if (size > channel.maxEntryBytes) {
      throw new MessageTooLargeError(
        `Message ${item.id} for ${channel.destination} (nothing was sent; shrink it or store the payload elsewhere and send a reference)`,
        size,
        channel.maxEntryBytes,
      );
    }
  }
}

/**
 * Turns a report into a {@link SendReport}, or throws a {@link PublishError} listing every entry
 * that was not delivered (failed, rejected, or held back behind a failed one of its group).
 */
export function settleReport(destination: string, report: PublishReport): SendReport {
  const failed: { id: string; code: string; message: string }[] = [];
  let sent = 0;
  for (const [id, outcome] of report.outcomes) {
    switch (outcome.status) {
      case 'published':
        sent += 1;
        break;
      case 'failed':
        failed.push({
          id,
          code: outcome.code,
          message: `${outcome.message} (after ${outcome.attempts} attempts)`,
        });
        break;
      case 'rejected':
        failed.push({ id, code: outcome.code, message: `${outcome.message} (rejected, not retried)` });
        break;
      case 'skipped':
        failed.push({
          id,
          code: 'Skipped',
          message: `not sent: ${outcome.blockedBy} of its group failed first`,
        });
        break;
      case 'too-large':
        failed.push({
          id,
          code: 'MessageTooLarge',
          message: `${outcome.sizeBytes} bytes > ${outcome.limitBytes}`,
        });
        break;
    }
  }
  if (failed.length > 0) {
    const shown = failed.slice(0, 5).map((entry) => `${entry.id} ${entry.code}: ${entry.message}`);
    throw new PublishError(
      `${failed.length} of ${report.outcomes.size} messages to ${destination} were not delivered (${shown.join('; ')}${failed.length > 5 ? '; ...' : ''}). The others were; send the listed ones again once the cause is fixed.`,
      failed,
    );
  }
  return { sent, calls: report.calls };
}
