import { readFileSync } from 'node:fs';

/** One memory sample of the local cloud, in MB. */
export interface MemorySample {
  /** Seconds since the audit started. */
  readonly atSeconds: number;
  /** Resident set of this process (the local cloud, its worker threads and the audit's clients). */
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Resident set of the DynamoDB Local JVM, read from /proc (undefined when unknown). */
  readonly dynamoDbRssMb?: number;
  /** Execution environments (worker threads) alive: each costs memory, so scale-out is not a leak. */
  readonly environments?: number;
}

/** Start, end and trend of the samples. */
export interface MemorySummary {
  readonly start?: MemorySample;
  readonly end?: MemorySample;
  readonly peakRssMb: number;
  /** Least-squares slope of rssMb over the second half of the run, MB per minute. */
  readonly rssSlopeMbPerMinute: number;
  readonly heapSlopeMbPerMinute: number;
  readonly samples: readonly MemorySample[];
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** VmRSS of a process from /proc/<pid>/status, in MB; undefined when it cannot be read. */
export function processRssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples the memory of the in-process local cloud every `everyMillis`: this process's RSS and
 * heap, and the DynamoDB Local JVM's RSS (`jvmPid()` is asked each time: a restart changes it).
 */
export class MemorySampler {
  readonly #samples: MemorySample[] = [];
  readonly #started = performance.now();
  readonly #jvmPid: () => number | undefined;
  readonly #environments: () => number | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(jvmPid: () => number | undefined, environments: () => number | undefined, everyMillis = 5000) {
    this.#jvmPid = jvmPid;
    this.#environments = environments;
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMillis);
    this.#timer.unref();
  }

  sample(): MemorySample {
    const usage = process.memoryUsage();
    const pid = this.#jvmPid();
    const jvm = pid === undefined ? undefined : processRssMb(pid);
    const environments = this.#environments();
    const sample: MemorySample = {
      atSeconds: Math.round((performance.now() - this.#started) / 100) / 10,
      rssMb: mb(usage.rss),
      heapUsedMb: mb(usage.heapUsed),
      ...(jvm === undefined ? {} : { dynamoDbRssMb: jvm }),
      ...(environments === undefined ? {} : { environments }),
    };
    this.#samples.push(sample);
    return sample;
  }

  stop(): MemorySummary {
    clearInterval(this.#timer);
    this.sample();
    return summarizeMemory(this.#samples);
  }
}

/** Start, end, peak and the slope over the second half (start-up growth is not a leak). */
export function summarizeMemory(samples: readonly MemorySample[]): MemorySummary {
  const half = samples.slice(Math.floor(samples.length / 2));
  return {
    ...(samples[0] ? { start: samples[0] } : {}),
    ...(samples.at(-1) ? { end: samples.at(-1) } : {}),
    peakRssMb: Math.max(0, ...samples.map((s) => s.rssMb)),
    rssSlopeMbPerMinute: slopePerMinute(half, (s) => s.rssMb),
    heapSlopeMbPerMinute: slopePerMinute(half, (s) => s.heapUsedMb),
    samples,
  };
}

function slopePerMinute(samples: readonly MemorySample[], value: (s: MemorySample) => number): number {
  if (samples.length < 3) return 0;
  const n = samples.length;
  const meanX = samples.reduce((sum, s) => sum + s.atSeconds, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + value(s), 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const s of samples) {
    numerator += (s.atSeconds - meanX) * (value(s) - meanY);
    denominator += (s.atSeconds - meanX) ** 2;
  }
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 60 * 10) / 10;
}
