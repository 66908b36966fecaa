/** One entry of a batch call that the service reported as not delivered. */
export interface EntryFailure {
  /** Position of the entry in the array passed to {@link BatchChannel.send}. */
  readonly position: number;
  readonly code: string;
  readonly message: string;
  /**
   * True when the service blamed the entry itself (SQS and SNS `SenderFault`, an EventBridge
   * validation code): sending it again cannot succeed.
   */
  readonly rejected: boolean;
}

/**
 * One batch API of one destination (a queue, topic or event bus): its limits, how it measures an
 * entry, and the call itself. The batching, ordering and retries live in `publishInBatches`.
 */
export interface BatchChannel<TEntry> {
  /** The destination, for errors and logs (queue URL, topic ARN, bus name). */
  readonly destination: string;
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
  readonly maxBatchBytes: number;
  sizeOf(entry: TEntry): number;
  /**
   * Sends `entries` in one call and resolves with the entries that failed (none on full success).
   * Rejects when the whole call fails.
   */
  send(entries: readonly TEntry[]): Promise<readonly EntryFailure[]>;
}

const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|slowdown/i;

/**
 * Whether a whole batch call that threw may succeed if made again: yes for server faults,
 * throttling and network errors (no `$fault`); no for other client faults, such as a queue that
 * does not exist or a denied permission, which need a fix, not a retry.
 */
export function isRetryableCallError(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const { $fault, $retryable } = error as { $fault?: unknown; $retryable?: unknown };
  if ($retryable) return true;
  if (THROTTLING.test(error.name)) return true;
  return $fault !== 'client';
}
