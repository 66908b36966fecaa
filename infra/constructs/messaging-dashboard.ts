import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic.ts';
import type { IMonitoredComponent, MonitoringSection } from './monitoring/monitored-component.ts';

/** Properties of a {@link MessagingDashboard}. */
export interface MessagingDashboardProps {
  /** The pipeline's name, shown in the header and the composite alarm. */
  readonly pipelineName: string;
  /** The constructs to show, in display order; their alarms notify `alarmTopic`. */
  readonly components: readonly IMonitoredComponent[];
  /** @default - `<pipelineName>-messaging`, with characters CloudWatch refuses replaced by `-` */
  readonly dashboardName?: string;
  /**
   * Markdown shown under the header: what the pipeline does and what to do when it is unhealthy.
   * @default - a generic runbook for Ferry pipelines
   */
  readonly runbook?: string;
  /** Topic every alarm notifies. @default - a new encrypted {@link AlarmTopic} */
  readonly alarmTopic?: sns.ITopic;
  /** Topic the composite "pipeline unhealthy" alarm notifies (your pager). @default - `alarmTopic` */
  readonly pagingTopic?: sns.ITopic;
}

/**
 * CloudWatch allows at most 100 alarms in one composite alarm rule.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html
 */
export const MAX_ALARMS_PER_COMPOSITE = 100;

const DEFAULT_RUNBOOK = [
  '**When an alarm fires:** open the section it belongs to below.',
  '* *DLQ not empty*: read the `ferry.error.*` attributes of the messages, fix the cause, then redrive with `StartMessageMoveTask`.',
  '* *Age of oldest message*: the consumer is failing, throttled or too small; check its errors, throttles and concurrency.',
  '* *Iterator age* / *relay DLQ*: the outbox relay lags or cannot publish; check its destinations, then replay parked events.',
].join('\n');

/**
 * One dashboard per messaging pipeline, built from the constructs registered with it: a header
 * with runbook text, the status of every alarm, then one row per construct (messages in and out,
 * age of oldest message against its SLO, DLQ depth, consumer errors, throttles, concurrency and
 * duration against the timeout, outbox lag, event source mapping counts). Every alarm notifies an
 * encrypted SNS topic, and a composite "pipeline unhealthy" alarm (any of them) is there for paging.
 */
export class MessagingDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarmTopic: sns.ITopic;
  /** In alarm when any registered alarm is; undefined when the components created no alarms. */
  readonly unhealthyAlarm?: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: MessagingDashboardProps) {
    super(scope, id);
    const sections = props.components.flatMap((component) => component.monitoringSections());
    const alarms = sections.flatMap((section) => section.alarms);
    if (alarms.length > MAX_ALARMS_PER_COMPOSITE) {
      throw new Error(
        `${this.node.path}: the components have ${alarms.length} alarms, over the ${MAX_ALARMS_PER_COMPOSITE} a composite alarm can watch. Split the pipeline into several dashboards.`,
      );
    }
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'AlarmTopic').topic;
    const notify = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) alarm.addAlarmAction(notify);

    if (alarms.length > 0) {
      this.unhealthyAlarm = new cloudwatch.CompositeAlarm(this, 'PipelineUnhealthy', {
        alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
        alarmDescription: `The ${props.pipelineName} pipeline is unhealthy: at least one of its alarms fires. Open the ${this.dashboardName(props)} dashboard.`,
      });
      this.unhealthyAlarm.addAlarmAction(new SnsAction(props.pagingTopic ?? this.alarmTopic));
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName(props),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.pipelineName}\n${props.runbook ?? DEFAULT_RUNBOOK}`,
        width: 24,
        height: 4,
      }),
    );
    if (alarms.length > 0) {
      this.dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({
          title: 'Alarm status',
          alarms: this.unhealthyAlarm ? [this.unhealthyAlarm, ...alarms] : alarms,
          width: 24,
          height: Math.min(12, 2 + Math.ceil(alarms.length / 4)),
        }),
      );
    }
    for (const section of sections) this.addSection(section);
  }

  private addSection(section: MonitoringSection): void {
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: `## ${section.title}`, width: 24, height: 1 }),
    );
    this.dashboard.addWidgets(...section.widgets);
  }

  private dashboardName(props: MessagingDashboardProps): string {
    return props.dashboardName ?? `${props.pipelineName}-messaging`.replace(/[^A-Za-z0-9_-]/g, '-');
  }
}
