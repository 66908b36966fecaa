import type { AlarmStatus } from './alarm-evaluator.ts';
import type { DashboardModel, DashboardWidget } from './dashboard-model.ts';
import { runQueries } from './metric-query.ts';
import type { MetricStore } from './metric-store.ts';

/** How many periods a graph shows. */
export const GRAPH_PERIODS = 30;

/** A widget as the page draws it: layout, text, and the values of its lines. */
export interface WidgetData
  extends Pick<DashboardWidget, 'type' | 'x' | 'y' | 'width' | 'height' | 'title' | 'view' | 'markdown'> {
  readonly periodMillis: number;
  readonly timestampsMillis: readonly number[];
  readonly lines: readonly { readonly label: string; readonly values: readonly (number | null)[] }[];
  readonly horizontalAnnotations: readonly { readonly label: string; readonly value: number }[];
  readonly alarms: readonly AlarmStatus[];
}

/** What `GET /_local/dashboard/data` answers. */
export interface DashboardData {
  readonly nowMillis: number;
  /** The period scale in force: below 1 the page says that periods are shortened. */
  readonly periodScale: number;
  readonly dashboards: readonly { readonly name: string; readonly widgets: readonly WidgetData[] }[];
  readonly alarms: readonly AlarmStatus[];
}

function widgetData(
  widget: DashboardWidget,
  store: MetricStore,
  alarms: readonly AlarmStatus[],
  periodScale: number,
  nowMillis: number,
): WidgetData {
  const periodMillis = Math.max(1, widget.periodSeconds * 1000 * periodScale);
  const result =
    widget.queries.length === 0
      ? { timestampsMillis: [], lines: [] }
      : runQueries(
          store,
          widget.queries,
          periodMillis,
          nowMillis - (GRAPH_PERIODS - 1) * periodMillis,
          nowMillis,
        );
  const byArn = new Map(alarms.map((status) => [status.arn, status]));
  return {
    type: widget.type,
    x: widget.x,
    y: widget.y,
    width: widget.width,
    height: widget.height,
    title: widget.title,
    view: widget.view,
    markdown: widget.markdown,
    periodMillis,
    timestampsMillis: result.timestampsMillis,
    lines: result.lines.map((line) => ({
      label: line.label,
      values: line.values.map((value) => value ?? null),
    })),
    horizontalAnnotations: widget.horizontalAnnotations,
    alarms: widget.alarms.flatMap((arn) => byArn.get(arn) ?? []),
  };
}

/** Every dashboard with the data of its widgets at `nowMillis`, and every alarm's status. */
export function dashboardData(
  dashboards: readonly DashboardModel[],
  store: MetricStore,
  alarms: readonly AlarmStatus[],
  periodScale: number,
  nowMillis = Date.now(),
): DashboardData {
  return {
    nowMillis,
    periodScale,
    dashboards: dashboards.map((dashboard) => ({
      name: dashboard.name,
      widgets: dashboard.widgets.map((widget) => widgetData(widget, store, alarms, periodScale, nowMillis)),
    })),
    alarms,
  };
}
