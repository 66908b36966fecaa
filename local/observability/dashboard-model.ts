import type { ResolvedResource } from '../cfn/index.ts';
import type { MetricQuery } from './metric-query.ts';

/** A widget of a dashboard body, with its metric lines read into queries. */
export interface DashboardWidget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  /** `timeSeries`, `singleValue`, ... for metric widgets. */
  readonly view: string;
  readonly markdown: string;
  /** ARNs of an alarm status widget. */
  readonly alarms: readonly string[];
  readonly periodSeconds: number;
  readonly queries: readonly MetricQuery[];
  readonly horizontalAnnotations: readonly { readonly label: string; readonly value: number }[];
}

/** One `AWS::CloudWatch::Dashboard`. */
export interface DashboardModel {
  readonly name: string;
  readonly widgets: readonly DashboardWidget[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the `metrics` array of a metric widget: each line is `[namespace, name, dimName, dimValue,
 * ..., {options}]`, where `"."` repeats the previous line's value at that position, or
 * `[{ expression, id, label }]` for metric math.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
function widgetQueries(properties: Json): MetricQuery[] {
  const lines = Array.isArray(properties.metrics) ? (properties.metrics as unknown[]) : [];
  const queries: MetricQuery[] = [];
  let previous: unknown[] = [];
  lines.forEach((line, index) => {
    if (!Array.isArray(line)) return;
    const last = line.at(-1);
    const options: Json = isRecord(last) ? last : {};
    const fields = isRecord(last) ? line.slice(0, -1) : line;
    const id = typeof options.id === 'string' ? options.id : `m${index}`;
    const label = typeof options.label === 'string' ? { label: options.label } : {};
    const returnData = options.visible !== false;
    if (typeof options.expression === 'string') {
      queries.push({ id, expression: options.expression, returnData, ...label });
      return;
    }
    const resolved = fields
      .map((field, position) => (field === '.' ? previous[position] : field))
      .map(String);
    previous = resolved;
    const [namespace = '', metricName = '', ...pairs] = resolved;
    const dimensions: Record<string, string> = {};
    for (let at = 0; at + 1 < pairs.length; at += 2) dimensions[pairs[at] ?? ''] = pairs[at + 1] ?? '';
    const stat = String(options.stat ?? properties.stat ?? 'Average');
    queries.push({ id, metric: { namespace, metricName, dimensions }, stat, returnData, ...label });
  });
  return queries;
}

function annotations(properties: Json): { label: string; value: number }[] {
  const horizontal = isRecord(properties.annotations) ? properties.annotations.horizontal : undefined;
  if (!Array.isArray(horizontal)) return [];
  return horizontal.filter(isRecord).map((a) => ({ label: String(a.label ?? ''), value: Number(a.value) }));
}

/** Reads one dashboard body (the JSON string CloudFormation receives, intrinsics already resolved). */
export function parseDashboardBody(name: string, body: string): DashboardModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new Error(
      `Dashboard ${name}: the DashboardBody is not JSON (${(error as Error).message}). Fix the template.`,
    );
  }
  const widgets = isRecord(parsed) && Array.isArray(parsed.widgets) ? parsed.widgets.filter(isRecord) : [];
  return {
    name,
    widgets: widgets.map((widget): DashboardWidget => {
      const properties = isRecord(widget.properties) ? widget.properties : {};
      return {
        type: String(widget.type),
        x: Number(widget.x ?? 0),
        y: Number(widget.y ?? 0),
        width: Number(widget.width ?? 6),
        height: Number(widget.height ?? 6),
        title: typeof properties.title === 'string' ? properties.title : '',
        view: typeof properties.view === 'string' ? properties.view : 'timeSeries',
        markdown: typeof properties.markdown === 'string' ? properties.markdown : '',
        alarms: Array.isArray(properties.alarms) ? properties.alarms.map(String) : [],
        periodSeconds: Number(properties.period ?? 300),
        queries: widget.type === 'metric' ? widgetQueries(properties) : [],
        horizontalAnnotations: annotations(properties),
      };
    }),
  };
}

/** Every dashboard of the provisioned stacks; one with an unreadable body is skipped with a warning. */
export function dashboardModels(
  resources: readonly ResolvedResource[],
  warn: (line: string) => void,
): DashboardModel[] {
  return resources
    .filter((resource) => resource.type === 'AWS::CloudWatch::Dashboard')
    .flatMap((resource) => {
      try {
        return [parseDashboardBody(resource.ref, String(resource.properties.DashboardBody))];
      } catch (error) {
        warn((error as Error).message);
        return [];
      }
    });
}
