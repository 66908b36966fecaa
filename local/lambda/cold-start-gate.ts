import { availableParallelism } from 'node:os';

/**
 * Lets only so many execution environments initialize at once on this machine. On AWS every
 * environment has its own CPU; here they share a few cores, so a burst of simultaneous cold starts
 * would slow every one of them past the init limit. Environments queue at the gate instead, and the
 * init limit counts from when an environment passes it.
 */
export class ColdStartGate {
  readonly limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  /** @param limit concurrent initializations; defaults to the number of CPUs. */
  constructor(limit: number = availableParallelism()) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`ColdStartGate limit must be an integer of at least 1, got ${limit}`);
    }
    this.limit = limit;
  }

  /** Environments initializing now. */
  get active(): number {
    return this.#active;
  }

  /** Waits for a free place; call the returned function once initialization has ended. */
  async acquire(): Promise<() => void> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The place passes straight to the next waiter, so `active` stays the same.
      if (next === undefined) this.#active -= 1;
      else next();
    };
  }
}

/** The gate every function shares unless given its own. */
export const sharedColdStartGate = new ColdStartGate();
