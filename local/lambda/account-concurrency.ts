import { InvalidFunctionConfigError } from './errors.ts';

/** Options of {@link AccountConcurrency}. */
export interface AccountConcurrencyOptions {
  /** Concurrent executions of the whole account (Lambda's default quota is 1,000). @default 1000 */
  readonly concurrentExecutions?: number;
}

/**
 * The account-level concurrency pool shared by every function of a local cloud. A function with
 * reserved concurrency keeps its reservation to itself and takes nothing from the pool; every other
 * function shares what is left (the unreserved pool), and is throttled when it is used up.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export class AccountConcurrency {
  readonly concurrentExecutions: number;
  readonly #reservations = new Map<string, number>();
  #unreservedInFlight = 0;

  constructor(options: AccountConcurrencyOptions = {}) {
    const limit = options.concurrentExecutions ?? 1000;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InvalidFunctionConfigError(
        `concurrentExecutions must be an integer of at least 1, got ${limit}`,
      );
    }
    this.concurrentExecutions = limit;
  }

  /** Executions left to functions without a reservation. */
  get unreservedConcurrentExecutions(): number {
    let reserved = 0;
    for (const count of this.#reservations.values()) reserved += count;
    return this.concurrentExecutions - reserved;
  }

  /** Invocations of unreserved functions running now. */
  get unreservedInFlight(): number {
    return this.#unreservedInFlight;
  }

  /** Sets aside `count` executions for one function; throws when the account cannot hold it. */
  reserve(functionName: string, count: number): void {
    const available = this.unreservedConcurrentExecutions + (this.#reservations.get(functionName) ?? 0);
    if (count > available) {
      throw new InvalidFunctionConfigError(
        `${functionName}: reservedConcurrency ${count} is more than the ${available} unreserved executions left ` +
          `of the account's ${this.concurrentExecutions}; lower it or raise concurrentExecutions.`,
      );
    }
    this.#reservations.set(functionName, count);
  }

  /** Returns a function's reservation to the unreserved pool. */
  unreserve(functionName: string): void {
    this.#reservations.delete(functionName);
  }

  /** Takes one unreserved execution; `false` when the pool is used up (the caller throttles). */
  tryAcquireUnreserved(): boolean {
    if (this.#unreservedInFlight >= this.unreservedConcurrentExecutions) return false;
    this.#unreservedInFlight += 1;
    return true;
  }

  /** Gives back one execution taken with {@link tryAcquireUnreserved}. */
  releaseUnreserved(): void {
    this.#unreservedInFlight = Math.max(0, this.#unreservedInFlight - 1);
  }
}
