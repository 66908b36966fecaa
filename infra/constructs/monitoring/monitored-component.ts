import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** One construct's part of a dashboard: a titled row of widgets and the alarms it owns. */
export interface MonitoringSection {
  /** Shown as the row's heading, e.g. `Queue orders`. */
  readonly title: string;
  /** Graphs and numbers for this construct. */
  readonly widgets: readonly cloudwatch.IWidget[];
  /** Alarms the construct created; the dashboard adds its topic to each and rolls them up. */
  readonly alarms: readonly cloudwatch.Alarm[];
}

/** A construct that a {@link MessagingDashboard} can show and whose alarms it can route. */
export interface IMonitoredComponent {
  /** The sections this construct contributes, in display order. */
  monitoringSections(): MonitoringSection[];
}
