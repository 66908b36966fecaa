import type { MetricId } from './metric-store.ts';

/** One metric value taken from an EMF log line. */
export interface EmfSample {
  readonly id: MetricId;
  readonly value: number;
  readonly timestampMillis: number;
  readonly unit: string | undefined;
}

interface MetricDirective {
  readonly Namespace?: unknown;
  readonly Dimensions?: unknown;
  readonly Metrics?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The metrics of one log line in CloudWatch embedded metric format, or `[]` when the line is not
 * EMF. Each directive of `_aws.CloudWatchMetrics` yields one sample per metric and per dimension
 * set; values are read from the root members, and an array value yields one sample per element.
 * Lines that start like EMF but break the specification are skipped, as CloudWatch Logs skips them.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function parseEmf(line: string): EmfSample[] {
  const start = line.indexOf('{');
  if (start < 0 || !line.includes('"_aws"')) return [];
  let root: unknown;
  try {
    root = JSON.parse(line.slice(start));
  } catch {
    return [];
  }
  if (!isRecord(root) || !isRecord(root._aws)) return [];
  const timestamp = root._aws.Timestamp;
  const directives = root._aws.CloudWatchMetrics;
  if (typeof timestamp !== 'number' || !Array.isArray(directives)) return [];
  const samples: EmfSample[] = [];
  for (const directive of directives as MetricDirective[]) {
    if (!isRecord(directive) || typeof directive.Namespace !== 'string') continue;
    const dimensionSets = Array.isArray(directive.Dimensions) ? directive.Dimensions : [[]];
    const metrics = Array.isArray(directive.Metrics) ? directive.Metrics : [];
    for (const set of dimensionSets) {
      if (!Array.isArray(set)) continue;
      const dimensions: Record<string, string> = {};
      for (const name of set) {
        if (typeof name === 'string' && typeof root[name] === 'string') dimensions[name] = root[name];
      }
      if (Object.keys(dimensions).length !== set.length) continue;
      for (const metric of metrics) {
        if (!isRecord(metric) || typeof metric.Name !== 'string') continue;
        const raw = root[metric.Name];
        const values = Array.isArray(raw) ? raw : [raw];
        const unit = typeof metric.Unit === 'string' ? metric.Unit : undefined;
        for (const value of values) {
          if (typeof value !== 'number') continue;
          const id = { namespace: directive.Namespace, metricName: metric.Name, dimensions };
          samples.push({ id, value, timestampMillis: timestamp, unit });
        }
      }
    }
  }
  return samples;
}
