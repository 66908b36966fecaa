import type { SeriesSummary } from './metric-store.ts';

function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** The Prometheus family name of a CloudWatch metric: `AWS/SQS` + `NumberOfMessagesSent` -> `aws_sqs_number_of_messages_sent`. */
export function prometheusName(namespace: string, metricName: string): string {
  const name = `${snakeCase(namespace)}_${snakeCase(metricName)}`;
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(dimensions: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${snakeCase(name)}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/**
 * Every series in the Prometheus text exposition format (version 0.0.4): per CloudWatch metric a
 * `summary` family with `_sum` and `_count` (all samples since start) and a `gauge` family
 * `<name>_last` with the latest sample, so counters and gauges both scrape naturally.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export function toPrometheusText(series: readonly SeriesSummary[]): string {
  const families = new Map<string, { help: string; lines: string[]; last: string[] }>();
  for (const summary of series) {
    const name = prometheusName(summary.id.namespace, summary.id.metricName);
    let family = families.get(name);
    if (!family) {
      const unit = summary.unit ? ` (${summary.unit})` : '';
      family = { help: `${summary.id.namespace} ${summary.id.metricName}${unit}`, lines: [], last: [] };
      families.set(name, family);
    }
    const labelText = labels(summary.id.dimensions);
    family.lines.push(
      `${name}_sum${labelText} ${summary.sum}`,
      `${name}_count${labelText} ${summary.sampleCount}`,
    );
    family.last.push(`${name}_last${labelText} ${summary.last}`);
  }
  const out: string[] = [];
  for (const [name, family] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} summary`, ...family.lines);
    out.push(
      `# HELP ${name}_last ${family.help}, latest sample`,
      `# TYPE ${name}_last gauge`,
      ...family.last,
    );
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
