/**
 * What faults the local cloud injects, and how often. Every random choice derives from `seed`, so a
 * run that found a violation can be repeated with the same faults in the same places (as far as the
 * interleaving of concurrent invocations allows).
 */
export interface FaultPlan {
  /** Seed of every random choice, so a failing audit can be rerun. */
  readonly seed: number;
  /**
   * Only functions whose logical id starts with one of these get kill/timeout faults.
   * @default - all but the HTTP API's functions
   */
  readonly functions?: readonly string[];
  /**
   * Probability per invocation that the environment is killed before the handler runs or at a random
   * point early in it (before the effect). @default 0
   */
  readonly killBeforeEffect?: number;
  /**
   * Probability per invocation that the handler completes but the environment is killed before its
   * answer is returned (the lost ack); the invocation fails. Applies to stream relays too ("relay
   * killed after publishing"). @default 0
   */
  readonly lostAck?: number;
  /**
   * Probability per invocation that an AWS call made by the function hangs past the function
   * timeout, so the invocation times out mid-work. @default 0
   */
  readonly timeout?: number;
  /**
   * Probability per AWS API call made by a function (DynamoDB, SQS, SNS) of an injected transient
   * error: half throttling, half 5xx, as AWS would answer them; some after the request was applied
   * (the answer is lost). @default 0
   */
  readonly sdkErrorRate?: number;
  /**
   * Restart DynamoDB Local (persisted mode, same port and data folder) every this many seconds.
   * Requires `persistDir`. @default 0 (never)
   */
  readonly dynamoRestartEverySeconds?: number;
}

/** What was injected so far (the audit report prints it). */
export interface FaultCounts {
  readonly killBeforeEffect: number;
  readonly lostAck: number;
  readonly timeout: number;
  readonly sdkErrors: number;
  readonly dynamoRestarts: number;
}

/** The fault controls of a running local cloud. */
export interface FaultControls {
  /** What was injected so far; all zeros when no plan was given. */
  counts(): FaultCounts;
  /** Stops injecting new faults (faults already under way finish), so a run can drain. */
  pause(): void;
  /** Injects faults again after {@link FaultControls.pause}. */
  resume(): void;
}
