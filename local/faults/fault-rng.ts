/**
 * The random choices of a fault plan, reproducible from its seed. Each choice is a pure function of
 * (seed, stream, index): the n-th invocation of a function gets the same draw in every run with the
 * same seed, however the invocations of other functions interleave with it. A stream is a name such
 * as `invoke:<function>` or `sdk:dynamodb`; each keeps its own counter.
 */
export class FaultRng {
  readonly #seed: number;
  readonly #counters = new Map<string, number>();

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.#seed = seed;
  }

  /** The next number of `stream`, uniform in [0, 1). */
  next(stream: string): number {
    const index = this.#counters.get(stream) ?? 0;
    this.#counters.set(stream, index + 1);
    return unitDraw(this.#seed, stream, index);
  }

  /** True with `probability` (0 never draws, so a plan without a fault leaves the streams alone). */
  chance(stream: string, probability: number): boolean {
    if (probability <= 0) return false;
    return this.next(stream) < probability;
  }

  /** One of `choices`, uniformly. */
  pick<T>(stream: string, choices: readonly [T, ...T[]]): T {
    const index = Math.floor(this.next(stream) * choices.length);
    return choices[Math.min(index, choices.length - 1)] ?? choices[0];
  }
}

/** A number in [0, 1) from (seed, stream, index), by 32-bit integer mixing (murmur3's finalizer). */
export function unitDraw(seed: number, stream: string, index: number): number {
  let h = mix(hashString(stream) ^ mix(seed >>> 0) ^ mix(Math.floor(seed / 2 ** 32) + 0x9e3779b9));
  h = mix(h ^ mix(index + 0x85ebca6b));
  return h / 2 ** 32;
}

function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
