/** Fault kinds the audit can switch one by one (`--no-kill`, `--no-lost-ack`, ...). */
export const FAULT_KINDS = ['killBeforeEffect', 'lostAck', 'timeout', 'sdkErrors', 'dynamoRestarts'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What one audit run does. */
export interface AuditOptions {
  /** Orders to place (ignored when `durationSeconds` is set). */
  readonly orders: number;
  /** Concurrent HTTP clients. */
  readonly concurrency: number;
  readonly seed: number;
  /** Fault kinds on (empty: none). Only for the in-process cloud. */
  readonly faults: readonly FaultKind[];
  /** Soak: hold `ratePerSecond` orders/s for this long instead of placing `orders`. */
  readonly durationSeconds?: number;
  /** Orders per second during a soak. */
  readonly ratePerSecond: number;
  /** Audit this already running local cloud instead of starting one. */
  readonly url?: string;
  /**
   * Start the in-process cloud from a copy of this synthesized assembly of the shop instead of
   * synthesizing it (the tests share one); it must lie inside the repository, where the bundles
   * find the external AWS SDK in node_modules.
   */
  readonly assemblyDir?: string;
  /** Write the JSON report here. */
  readonly reportFile?: string;
  /**
   * Faults stay on this many seconds after the last order is accepted, while the pipeline works
   * the orders off (it lags the API), before they are paused for the drain. @default 30
   */
  readonly faultTailSeconds?: number;
  /** How long the pipeline may take to drain after the last order, in seconds. */
  readonly drainTimeoutSeconds: number;
  /**
   * Compressed time of the in-process cloud: queue visibility timeouts are multiplied by this (never
   * below the consumer timeout + 6 s) and retry backoff is shortened, so redeliveries after a kill
   * take seconds, not minutes.
   */
  readonly timeScale: number;
  /**
   * Cap of the consumers' retry backoff in the in-process cloud, in seconds (base 1 s). Ten receives
   * must outlast a DynamoDB Local restart, which takes 5 to 45 s on a busy machine.
   */
  readonly backoffCapSeconds: number;
  /** Per-invocation and per-call fault rates (overrides of the defaults). */
  readonly rates?: Partial<Record<'killBeforeEffect' | 'lostAck' | 'timeout' | 'sdkErrorRate', number>>;
  /** Seconds between DynamoDB Local restarts. */
  readonly dynamoRestartEverySeconds?: number;
  /** Append the functions' warning and error lines to this file (in-process only). */
  readonly functionLogFile?: string;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** The defaults of `npm run audit`. */
export const AUDIT_DEFAULTS = {
  orders: 2000,
  concurrency: 16,
  seed: 1,
  ratePerSecond: 4,
  drainTimeoutSeconds: 300,
  faultTailSeconds: 30,
  timeScale: 0.2,
  backoffCapSeconds: 30,
} as const;
