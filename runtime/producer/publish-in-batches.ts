import { describeError } from '../errors.ts';
import { type BatchChannel, type EntryFailure, isRetryableCallError } from './batch-channel.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMillis, sleep } from './retry-policy.ts';

/** One thing to publish, with the caller's id for it. */
export interface PublishItem<TEntry> {
  /** Unique within one call; outcomes are keyed by it. */
  readonly id: string;
  readonly entry: TEntry;
  /**
   * Items of one group are published in order, and once one fails for good the later ones are
   * not sent (`skipped`). FIFO message group, outbox aggregate. Items without a group are free.
   */
  readonly group?: string;
}

/** What happened to one item. */
export type ItemOutcome =
  | { readonly status: 'published'; readonly attempts: number }
  /** The service refused the entry itself; sending it again cannot help. Does not block its group. */
  | { readonly status: 'rejected'; readonly code: string; readonly message: string }
  /** Not delivered after every attempt (or after a call error no retry can fix). Blocks its group. */
  | { readonly status: 'failed'; readonly code: string; readonly message: string; readonly attempts: number }
  /** Not sent because an earlier item of its group failed. */
  | { readonly status: 'skipped'; readonly blockedBy: string }
  /** Over the destination's entry limit; never sent. Does not block its group. */
  | { readonly status: 'too-large'; readonly sizeBytes: number; readonly limitBytes: number };

/** The result of {@link publishInBatches}. */
export interface PublishReport {
  readonly outcomes: ReadonlyMap<string, ItemOutcome>;
  /** Batch API calls made, retries included. */
  readonly calls: number;
}

/** Options of {@link publishInBatches}. */
export interface PublishInBatchesOptions {
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  /** Batch calls in flight at once; batches sharing a group still wait for each other. @default 10 */
  readonly maxConcurrentBatches?: number;
  /**
   * At most one item per group in each call. A batch call can fail one entry and deliver a later
   * one of the same group, which a FIFO destination then holds in the wrong order for good (the
   * retry comes after it, and deduplication drops a resend of the later one). With this on, an
   * item's successor is only sent once the item is delivered; batches fill up across groups.
   * @default false
   */
  readonly oneItemPerGroupPerCall?: boolean;
  /** @default Math.random */
  readonly random?: () => number;
}

interface Batch<TEntry> {
  readonly items: PublishItem<TEntry>[];
  readonly after: number[];
}

/** The items in rounds: every group's first item (in list order), then every group's second... */
function inRounds<TEntry>(items: readonly PublishItem<TEntry>[]): PublishItem<TEntry>[] {
  const rounds: PublishItem<TEntry>[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const round = item.group === undefined ? 0 : (seen.get(item.group) ?? 0);
    if (item.group !== undefined) seen.set(item.group, round + 1);
    const members = rounds[round] ?? [];
    members.push(item);
    rounds[round] = members;
  }
  return rounds.flat();
}

function buildBatches<TEntry>(
  channel: BatchChannel<TEntry>,
  items: readonly PublishItem<TEntry>[],
  outcomes: Map<string, ItemOutcome>,
  onePerGroup: boolean,
): Batch<TEntry>[] {
  const batches: Batch<TEntry>[] = [];
  const lastBatchOfGroup = new Map<string, number>();
  let current: PublishItem<TEntry>[] = [];
  let currentBytes = 0;
  const currentGroups = new Set<string>();
  const close = (): void => {
    if (current.length === 0) return;
    const index = batches.length;
    const after = new Set<number>();
    for (const item of current) {
      if (item.group === undefined) continue;
      const previous = lastBatchOfGroup.get(item.group);
      if (previous !== undefined) after.add(previous);
      lastBatchOfGroup.set(item.group, index);
    }
    batches.push({ items: current, after: [...after] });
    current = [];
    currentBytes = 0;
    currentGroups.clear();
  };
  const sendable: { item: PublishItem<TEntry>; size: number }[] = [];
  for (const item of items) {
    const size = channel.sizeOf(item.entry);
    if (size > channel.maxEntryBytes) {
      outcomes.set(item.id, { status: 'too-large', sizeBytes: size, limitBytes: channel.maxEntryBytes });
    } else sendable.push({ item, size });
  }
  const sizes = new Map(sendable.map(({ item, size }) => [item, size]));
  const ordered = sendable.map(({ item }) => item);
  for (const item of onePerGroup ? inRounds(ordered) : ordered) {
    const size = sizes.get(item) ?? 0;
    const groupTaken = onePerGroup && item.group !== undefined && currentGroups.has(item.group);
    if (groupTaken || current.length >= channel.maxEntries || currentBytes + size > channel.maxBatchBytes)
      close();
    current.push(item);
    currentBytes += size;
    if (item.group !== undefined) currentGroups.add(item.group);
  }
  close();
  return batches;
}

/**
 * Publishes `items` through `channel` in as few calls as its limits allow (up to `maxEntries` and
 * `maxBatchBytes` per call), in order per group, and reports what happened to every item:
 *
 * - entries a call reports as failed are sent again, alone, after a full-jitter delay, up to
 *   `retry.attempts` times; a call that throws counts as a failure of all its entries;
 * - an entry the service rejects as invalid is not retried (`rejected`);
 * - a batch holding a group waits for the previous batch of that group, and once an item of a
 *   group has failed for good, its later items are not sent (`skipped`), so nothing overtakes it
 *   (with `oneItemPerGroupPerCall`, not even within one call);
 * - nothing is dropped silently: every item gets an outcome.
 *
 * It never throws because of a failed entry; callers turn the report into errors or responses.
 */
export async function publishInBatches<TEntry>(
  channel: BatchChannel<TEntry>,
  items: readonly PublishItem<TEntry>[],
  options: PublishInBatchesOptions = {},
): Promise<PublishReport> {
  const outcomes = new Map<string, ItemOutcome>();
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const batches = buildBatches(channel, items, outcomes, options.oneItemPerGroupPerCall ?? false);
  const failedGroups = new Map<string, string>();
  let calls = 0;
  let free = Math.max(1, options.maxConcurrentBatches ?? 10);
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (free > 0) {
      free -= 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };

  const settleFailure = (item: PublishItem<TEntry>, outcome: ItemOutcome): void => {
    outcomes.set(item.id, outcome);
    if (outcome.status === 'failed' && item.group !== undefined && !failedGroups.has(item.group)) {
      failedGroups.set(item.group, item.id);
    }
  };

  const runBatch = async (batch: Batch<TEntry>): Promise<void> => {
    let pending: PublishItem<TEntry>[] = [];
    for (const item of batch.items) {
      const blockedBy = item.group === undefined ? undefined : failedGroups.get(item.group);
      if (blockedBy === undefined) pending.push(item);
      else outcomes.set(item.id, { status: 'skipped', blockedBy });
    }
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 1) await sleep(retryDelayMillis(policy, attempt - 1, random));
      let failures: readonly EntryFailure[];
      calls += 1;
      try {
        failures = await channel.send(pending.map((item) => item.entry));
      } catch (error) {
        const { name, message } = describeError(error);
        const retryable = isRetryableCallError(error);
        failures = pending.map((_, position) => ({ position, code: name, message, rejected: false }));
        if (!retryable || attempt >= policy.attempts) {
          for (const item of pending)
            settleFailure(item, { status: 'failed', code: name, message, attempts: attempt });
          return;
        }
      }
      const failedAt = new Map(failures.map((failure) => [failure.position, failure]));
      const retry: PublishItem<TEntry>[] = [];
      pending.forEach((item, position) => {
        const failure = failedAt.get(position);
        if (failure === undefined) outcomes.set(item.id, { status: 'published', attempts: attempt });
        else if (failure.rejected) {
          settleFailure(item, { status: 'rejected', code: failure.code, message: failure.message });
        } else if (attempt >= policy.attempts) {
          settleFailure(item, {
            status: 'failed',
            code: failure.code,
            message: failure.message,
            attempts: attempt,
          });
        } else retry.push(item);
      });
      pending = retry;
    }
  };

  const done: Promise<void>[] = [];
  for (const batch of batches) {
    const previous = batch.after.map((index) => done[index]);
    done.push(
      (async () => {
        await Promise.all(previous);
        await acquire();
        try {
          await runBatch(batch);
        } finally {
          release();
        }
      })(),
    );
  }
  await Promise.all(done);
  return { outcomes, calls };
}
