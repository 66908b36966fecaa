import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { FauxqsServer } from 'fauxqs';
import type { ResolvedResource } from '../cfn/index.ts';
import type { InvocationObserver, LogSink } from '../lambda/index.ts';
import { AlarmEvaluator, type AlarmTransition } from './alarm-evaluator.ts';
import { alarmModels } from './alarm-models.ts';
import { type DashboardData, dashboardData } from './dashboard-data.ts';
import { type DashboardModel, dashboardModels } from './dashboard-model.ts';
import { emfLogSink, lambdaMetricsObserver } from './lambda-recorder.ts';
import { type ObservedMapping, recordIteratorAge, recordMappingCounts } from './mapping-recorder.ts';
import { MetricStore } from './metric-store.ts';
import { toPrometheusText } from './prometheus.ts';
import { countQueueTraffic, sampleQueues } from './sqs-recorder.ts';

/** Options of {@link LocalObservability}. */
export interface LocalObservabilityOptions {
  /** The provisioned resources: queues, alarms and dashboards are read from them. */
  readonly resources: readonly ResolvedResource[];
  /** The in-process fauxqs, for queue gauges and send/delete counts. */
  readonly fauxqs: FauxqsServer;
  /** Multiplies every alarm and graph period (0.05 turns 60 s into 3 s). @default 1 */
  readonly metricPeriodScale?: number;
  /** Told about alarm state changes and failed notifications. */
  readonly log: (line: string) => void;
  /** Where alarm actions are published. @default - an SNSClient from the environment (fauxqs) */
  readonly sns?: SNSClient;
}

/**
 * The local CloudWatch: records the metrics of functions, queues and event source mappings and
 * the EMF metrics functions log, evaluates the template's alarms continuously (publishing their
 * SNS actions), and answers the dashboard page and the Prometheus scrape.
 */
export class LocalObservability {
  readonly store = new MetricStore();
  readonly dashboards: readonly DashboardModel[];
  readonly alarms: AlarmEvaluator;
  readonly periodScale: number;
  /** Give it to every LocalFunction as `observer`. */
  readonly invocationObserver: InvocationObserver;
  readonly warnings: string[] = [];
  readonly #options: LocalObservabilityOptions;
  readonly #sns: SNSClient;
  readonly #queues: { queueName: string }[];
  readonly #mappings: ObservedMapping[] = [];
  readonly #mappingCounts = new Map<string, Record<string, number>>();
  readonly #stopCounting: () => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LocalObservabilityOptions) {
    this.#options = options;
    this.periodScale = options.metricPeriodScale ?? 1;
    if (!(this.periodScale > 0 && this.periodScale <= 1)) {
      throw new Error(`metricPeriodScale must be above 0 and at most 1, got ${this.periodScale}`);
    }
    this.#sns = options.sns ?? new SNSClient({});
    const warn = (line: string) => this.warnings.push(line);
    this.dashboards = dashboardModels(options.resources, warn);
    this.alarms = new AlarmEvaluator({
      store: this.store,
      alarms: alarmModels(options.resources, warn),
      periodScale: this.periodScale,
      onTransition: (transition) => this.#announce(transition),
    });
    this.invocationObserver = lambdaMetricsObserver(this.store);
    this.#queues = options.resources
      .filter((r) => r.type === 'AWS::SQS::Queue')
      .map((r) => ({ queueName: String(r.attributes.QueueName) }));
    this.#stopCounting = countQueueTraffic(options.fauxqs, this.store);
  }

  /** A log sink that records EMF metrics, then hands the line to `next`. */
  logSink(next: LogSink): LogSink {
    return emfLogSink(this.store, next);
  }

  /** Wraps a mapping's invoke so stream batches record `IteratorAge`. */
  observeInvoke<T>(invoke: (functionName: string, event: unknown) => Promise<T>) {
    return (functionName: string, event: unknown): Promise<T> => {
      recordIteratorAge(this.store, functionName, event);
      return invoke(functionName, event);
    };
  }

  /** Starts sampling gauges and mapping counters and evaluating alarms. */
  start(mappings: readonly ObservedMapping[]): void {
    this.#mappings.push(...mappings);
    const tickMillis = Math.min(5_000, Math.max(250, this.alarms.shortestPeriodMillis / 4));
    const tick = () => {
      sampleQueues(this.#options.fauxqs, this.#queues, this.store);
      recordMappingCounts(this.#mappings, this.#mappingCounts, this.store);
      this.alarms.evaluate();
    };
    tick();
    this.#timer = setInterval(tick, tickMillis);
    this.#timer.unref();
  }

  /** The dashboards with their data now. */
  dashboardData(): DashboardData {
    return dashboardData(this.dashboards, this.store, this.alarms.statuses(), this.periodScale);
  }

  /** Every metric in the Prometheus text format. */
  prometheusText(): string {
    return toPrometheusText(this.store.summaries());
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#stopCounting();
    this.#sns.destroy();
  }

  #announce({ model, previous, status }: AlarmTransition): void {
    // Every alarm leaves INSUFFICIENT_DATA for OK at start-up: not worth a line each.
    if (previous !== 'INSUFFICIENT_DATA' || status.state !== 'OK') {
      this.#options.log(`alarm ${model.name}: ${previous} -> ${status.state} (${status.reason})`);
    }
    const { region, accountId } = arnParts(model.arn);
    const message = JSON.stringify({
      AlarmName: model.name,
      AlarmDescription: model.description,
      AWSAccountId: accountId,
      NewStateValue: status.state,
      NewStateReason: status.reason,
      StateChangeTime: new Date(status.updatedAtMillis).toISOString(),
      Region: region,
      AlarmArn: model.arn,
      OldStateValue: previous,
    });
    // Alarm actions go to SNS topics; other action kinds (Auto Scaling, EC2, SSM) have no local target.
    for (const topicArn of model.actions[status.state].filter((arn) => arn.startsWith('arn:aws:sns:'))) {
      const subject = `${status.state}: "${model.name}" in ${region}`.slice(0, 100);
      this.#sns
        .send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }))
        .catch((error: unknown) => {
          this.#options.log(
            `alarm ${model.name}: publishing to ${topicArn} failed (${String(error)}); is the topic provisioned?`,
          );
        });
    }
  }
}

function arnParts(arn: string): { region: string; accountId: string } {
  const [, , , region = '', accountId = ''] = arn.split(':');
  return { region, accountId };
}
