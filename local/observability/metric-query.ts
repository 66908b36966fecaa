import { evaluateMetricMath, type Series } from './metric-math.ts';
import type { MetricId, MetricStore } from './metric-store.ts';

/** One line of a graph or an alarm: a metric statistic or a math expression over other lines. */
export type MetricQuery =
  | {
      readonly id: string;
      readonly metric: MetricId;
      readonly stat: string;
      readonly label?: string;
      readonly returnData: boolean;
    }
  | {
      readonly id: string;
      readonly expression: string;
      readonly label?: string;
      readonly returnData: boolean;
    };

/** The result of {@link runQueries}: timestamps and, per returned query, its values. */
export interface QueryResult {
  readonly timestampsMillis: readonly number[];
  readonly lines: readonly { readonly id: string; readonly label: string; readonly values: Series }[];
}

/**
 * Answers queries like `GetMetricData`: every metric statistic per period bucket from `startMillis`
 * to `endMillis`, then each expression over them (expressions may use earlier expressions).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export function runQueries(
  store: MetricStore,
  queries: readonly MetricQuery[],
  periodMillis: number,
  startMillis: number,
  endMillis: number,
): QueryResult {
  const series: Record<string, Series> = {};
  let timestampsMillis: number[] = [];
  for (const query of queries) {
    if (!('metric' in query)) continue;
    const points = store.datapoints(query.metric, query.stat, periodMillis, startMillis, endMillis);
    timestampsMillis = points.map((point) => point.timestampMillis);
    series[query.id] = points.map((point) => point.value);
  }
  if (timestampsMillis.length === 0) {
    const first = Math.floor(startMillis / periodMillis) * periodMillis;
    for (let t = first; t <= endMillis; t += periodMillis) timestampsMillis.push(t);
  }
  for (const query of queries) {
    if ('expression' in query) {
      series[query.id] = evaluateMetricMath(query.expression, series, timestampsMillis.length);
    }
  }
  const lines = queries
    .filter((query) => query.returnData)
    .map((query) => ({
      id: query.id,
      label: query.label ?? ('metric' in query ? query.metric.metricName : query.expression),
      values: series[query.id] ?? [],
    }));
  return { timestampsMillis, lines };
}
