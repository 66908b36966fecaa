/** A CloudWatch metric identity: namespace, name and dimensions (order does not matter). */
export interface MetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** One recorded series and its totals, for the Prometheus exposition. */
export interface SeriesSummary {
  readonly id: MetricId;
  readonly unit: string | undefined;
  readonly sampleCount: number;
  readonly sum: number;
  readonly last: number;
}

/** Options of {@link MetricStore}. */
export interface MetricStoreOptions {
  /** Samples older than this are dropped (totals are kept). @default 3_600_000 (one hour) */
  readonly retentionMillis?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

interface Series {
  readonly id: MetricId;
  unit: string | undefined;
  readonly times: number[];
  readonly values: number[];
  sampleCount: number;
  sum: number;
  last: number;
}

/** The key that identifies a series: dimensions sorted by name, as CloudWatch matches them. */
export function metricKey(id: MetricId): string {
  const dimensions = Object.entries(id.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([id.namespace, id.metricName, dimensions]);
}

/**
 * The statistic of some samples: `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount`, or a
 * percentile `pNN` (nearest rank). `undefined` when there are no samples (missing data).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 */
export function statistic(stat: string, samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined;
  const sum = samples.reduce((total, value) => total + value, 0);
  switch (stat) {
    case 'Sum':
      return sum;
    case 'Average':
      return sum / samples.length;
    case 'Minimum':
      return Math.min(...samples);
    case 'Maximum':
      return Math.max(...samples);
    case 'SampleCount':
      return samples.length;
  }
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (!percentile) {
    throw new Error(
      `Statistic ${JSON.stringify(stat)} is not supported locally; use Sum, Average, Minimum, Maximum, SampleCount or pNN.`,
    );
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Number(percentile[1]) / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * In-memory CloudWatch: keeps raw samples per series for a retention window and answers
 * `GetMetricData`-style questions (a statistic per period bucket, buckets aligned to the epoch).
 */
export class MetricStore {
  readonly #series = new Map<string, Series>();
  readonly #retentionMillis: number;
  readonly #now: () => number;

  constructor(options: MetricStoreOptions = {}) {
    this.#retentionMillis = options.retentionMillis ?? 3_600_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records one sample (a count, a gauge reading, a duration). */
  record(id: MetricId, value: number, timestampMillis = this.#now(), unit?: string): void {
    if (!Number.isFinite(value)) return;
    const key = metricKey(id);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { id, unit, times: [], values: [], sampleCount: 0, sum: 0, last: value };
      this.#series.set(key, series);
    }
    series.unit ??= unit;
    series.times.push(timestampMillis);
    series.values.push(value);
    series.sampleCount += 1;
    series.sum += value;
    series.last = value;
    this.#prune(series);
  }

  /** Every series with its all-time totals. */
  summaries(): SeriesSummary[] {
    return [...this.#series.values()].map(({ id, unit, sampleCount, sum, last }) => ({
      id,
      unit,
      sampleCount,
      sum,
      last,
    }));
  }

  /**
   * The statistic per period bucket from the bucket holding `startMillis` to the one holding
   * `endMillis`, oldest first; `undefined` for a bucket without samples.
   */
  datapoints(
    id: MetricId,
    stat: string,
    periodMillis: number,
    startMillis: number,
    endMillis: number,
  ): { readonly timestampMillis: number; readonly value: number | undefined }[] {
    const first = Math.floor(startMillis / periodMillis) * periodMillis;
    const buckets: number[][] = [];
    for (let t = first; t <= endMillis; t += periodMillis) buckets.push([]);
    const series = this.#series.get(metricKey(id));
    if (series) {
      for (let index = 0; index < series.times.length; index += 1) {
        const bucket = buckets[Math.floor(((series.times[index] ?? 0) - first) / periodMillis)];
        bucket?.push(series.values[index] ?? 0);
      }
    }
    return buckets.map((samples, index) => ({
      timestampMillis: first + index * periodMillis,
      value: statistic(stat, samples),
    }));
  }

  #prune(series: Series): void {
    const oldest = this.#now() - this.#retentionMillis;
    let drop = 0;
    while (drop < series.times.length && (series.times[drop] ?? 0) < oldest) drop += 1;
    if (drop > 0) {
      series.times.splice(0, drop);
      series.values.splice(0, drop);
    }
  }
}
