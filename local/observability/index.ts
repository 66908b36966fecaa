export {
  AlarmEvaluator,
  type AlarmEvaluatorOptions,
  type AlarmStatus,
  type AlarmTransition,
} from './alarm-evaluator.ts';
export {
  type AlarmModel,
  alarmModels,
  type CompositeAlarmModel,
  type MetricAlarmModel,
} from './alarm-models.ts';
export {
  type AlarmDecision,
  type AlarmState,
  nextAlarmState,
  type ThresholdRule,
  type TreatMissingData,
} from './alarm-state.ts';
export { type CompositeRule, parseCompositeRule } from './composite-rule.ts';
export { type DashboardData, dashboardData, type WidgetData } from './dashboard-data.ts';
export {
  type DashboardModel,
  type DashboardWidget,
  dashboardModels,
  parseDashboardBody,
} from './dashboard-model.ts';
export { type EmfSample, parseEmf } from './emf.ts';
export { LocalObservability, type LocalObservabilityOptions } from './local-observability.ts';
export { evaluateMetricMath, type Series } from './metric-math.ts';
export { type MetricQuery, type QueryResult, runQueries } from './metric-query.ts';
export { type MetricId, MetricStore, type MetricStoreOptions, metricKey, statistic } from './metric-store.ts';
export { addObservabilityRoutes } from './observability-routes.ts';
export { prometheusName, toPrometheusText } from './prometheus.ts';
