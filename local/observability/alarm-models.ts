import type { ResolvedResource } from '../cfn/index.ts';
import { COMPARISONS, type ComparisonOperator, type TreatMissingData } from './alarm-state.ts';
import { type CompositeRule, parseCompositeRule } from './composite-rule.ts';
import type { MetricQuery } from './metric-query.ts';

/** The actions of an alarm, by the state that triggers them. */
export interface AlarmActions {
  readonly ALARM: readonly string[];
  readonly OK: readonly string[];
  readonly INSUFFICIENT_DATA: readonly string[];
}

/** An `AWS::CloudWatch::Alarm` with a static threshold. */
export interface MetricAlarmModel {
  readonly kind: 'metric';
  readonly name: string;
  readonly arn: string;
  readonly description: string;
  readonly queries: readonly MetricQuery[];
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
  readonly actions: AlarmActions;
}

/** An `AWS::CloudWatch::CompositeAlarm`. */
export interface CompositeAlarmModel {
  readonly kind: 'composite';
  readonly name: string;
  readonly arn: string;
  readonly description: string;
  readonly rule: CompositeRule;
  readonly actions: AlarmActions;
}

/** Any alarm the local cloud evaluates. */
export type AlarmModel = MetricAlarmModel | CompositeAlarmModel;

type Properties = Readonly<Record<string, unknown>>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function dimensions(value: unknown): Record<string, string> {
  const entries = Array.isArray(value) ? (value as { Name?: unknown; Value?: unknown }[]) : [];
  return Object.fromEntries(entries.map((d) => [String(d.Name), String(d.Value)]));
}

function actions(p: Properties): AlarmActions {
  return {
    ALARM: strings(p.AlarmActions),
    OK: strings(p.OKActions),
    INSUFFICIENT_DATA: strings(p.InsufficientDataActions),
  };
}

function metricQueries(p: Properties): { queries: MetricQuery[]; periodSeconds: number } {
  if (!Array.isArray(p.Metrics)) {
    const metric = {
      namespace: String(p.Namespace),
      metricName: String(p.MetricName),
      dimensions: dimensions(p.Dimensions),
    };
    const stat = String(p.ExtendedStatistic ?? p.Statistic ?? 'Average');
    return { queries: [{ id: 'm1', metric, stat, returnData: true }], periodSeconds: Number(p.Period ?? 60) };
  }
  let periodSeconds = Number(p.Period ?? 0);
  const queries = (p.Metrics as Record<string, unknown>[]).map((q): MetricQuery => {
    const id = String(q.Id);
    const returnData = q.ReturnData !== false;
    const label = typeof q.Label === 'string' ? { label: q.Label } : {};
    if (typeof q.Expression === 'string') return { id, expression: q.Expression, returnData, ...label };
    const stat = (q.MetricStat ?? {}) as { Metric?: Record<string, unknown>; Period?: number; Stat?: string };
    periodSeconds ||= Number(stat.Period ?? 60);
    const metric = {
      namespace: String(stat.Metric?.Namespace),
      metricName: String(stat.Metric?.MetricName),
      dimensions: dimensions(stat.Metric?.Dimensions),
    };
    return { id, metric, stat: stat.Stat ?? 'Average', returnData, ...label };
  });
  return { queries, periodSeconds: periodSeconds || 60 };
}

/**
 * The alarms of the provisioned template, with every property the evaluator needs. An alarm it
 * cannot evaluate (an anomaly band comparison, a rule it cannot parse) is left out with a warning.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
 */
export function alarmModels(
  resources: readonly ResolvedResource[],
  warn: (line: string) => void,
): AlarmModel[] {
  const models: AlarmModel[] = [];
  for (const resource of resources) {
    const p = resource.properties;
    const base = {
      name: resource.ref,
      arn: String(resource.attributes.Arn),
      description: typeof p.AlarmDescription === 'string' ? p.AlarmDescription : '',
      actions: actions(p),
    };
    if (resource.type === 'AWS::CloudWatch::CompositeAlarm') {
      try {
        models.push({ kind: 'composite', ...base, rule: parseCompositeRule(String(p.AlarmRule)) });
      } catch (error) {
        warn(`${resource.logicalId}: ${(error as Error).message}`);
      }
    } else if (resource.type === 'AWS::CloudWatch::Alarm') {
      const comparison = String(p.ComparisonOperator);
      const threshold = Number(p.Threshold);
      if (!(comparison in COMPARISONS) || !Number.isFinite(threshold)) {
        warn(
          `${resource.logicalId}: ${comparison} alarms are not evaluated locally (only static thresholds are)`,
        );
        continue;
      }
      const evaluationPeriods = Number(p.EvaluationPeriods ?? 1);
      models.push({
        kind: 'metric',
        ...base,
        ...metricQueries(p),
        evaluationPeriods,
        datapointsToAlarm: Number(p.DatapointsToAlarm ?? evaluationPeriods),
        threshold,
        comparison: comparison as ComparisonOperator,
        treatMissingData: (p.TreatMissingData as TreatMissingData | undefined) ?? 'missing',
      });
    }
  }
  return models;
}
