import { Duration, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENV, type LaneUrls } from '../../runtime/contract.ts';
import { MessageQueue } from './message-queue.ts';
import type { IMonitoredComponent, MonitoringSection } from './monitoring/monitored-component.ts';
import { splitConcurrency, validateLanes } from './private/lane-concurrency.ts';
import { QueueConsumer, type QueueConsumerProps } from './queue-consumer.ts';

/** One lane of {@link PriorityLanes}. */
export interface PriorityLane {
  /** Lane name, as the producer's priority names it: lower-case letters, digits and `-`. */
  readonly name: string;
  /** Share of `totalConcurrency`, relative to the other lanes' weights. */
  readonly weight: number;
  /** Age of the oldest message this lane promises; its queue alarms above it. */
  readonly ageOfOldestMessageSlo: Duration;
}

/** Properties of {@link PriorityLanes}: the lanes, plus the consumer settings every lane shares. */
export interface PriorityLanesProps
  extends Omit<
    QueueConsumerProps,
    'queue' | 'maxConcurrency' | 'reservedConcurrentExecutions' | 'serviceName'
  > {
  /**
   * The lanes, most urgent first.
   * @default urgent (weight 3, SLO 1 minute) and routine (weight 1, SLO 15 minutes)
   */
  readonly lanes?: readonly PriorityLane[];
  /**
   * Concurrent invocations of all lanes together, split by weight into each lane's mapping
   * `maxConcurrency` (at least 2 each, the ESM minimum).
   * @default 20
   */
  readonly totalConcurrency?: number;
  /**
   * Also reserve each lane's share as the function's reserved concurrency, so other functions of
   * the account cannot take it. Reservations lower the account's unreserved pool.
   * @default false
   */
  readonly reserveConcurrency?: boolean;
  /** FIFO lanes. @default false */
  readonly fifo?: boolean;
  /** Receives of a message before each lane's queue moves it to the lane's DLQ. @default 5 */
  readonly maxReceiveCount?: number;
}

/** The lanes created when `lanes` is not given. */
export const DEFAULT_LANES: readonly PriorityLane[] = [
  { name: 'urgent', weight: 3, ageOfOldestMessageSlo: Duration.minutes(1) },
  { name: 'routine', weight: 1, ageOfOldestMessageSlo: Duration.minutes(15) },
];

/** One built lane: its queue and its consumer. */
export interface BuiltLane {
  readonly name: string;
  readonly queue: MessageQueue;
  readonly consumer: QueueConsumer;
  /** The lane's share of the total concurrency: its mapping's `maxConcurrency`. */
  readonly maxConcurrency: number;
}

/**
 * Priority lanes: one {@link MessageQueue} and one {@link QueueConsumer} per lane, all running the
 * same handler code, with the total concurrency split by weight into each lane's event source
 * mapping `maxConcurrency`. A flood of routine work can take no more than the routine share, so
 * the urgent lane keeps its own; every lane gets at least 2, so the routine lane never starves.
 * Producers send with the runtime's `sendToLane`, which reads `FERRY_LANE_URLS`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export class PriorityLanes extends Construct implements IMonitoredComponent {
  readonly lanes: readonly BuiltLane[];

  constructor(scope: Construct, id: string, props: PriorityLanesProps) {
    super(scope, id);
    const lanes = props.lanes ?? DEFAULT_LANES;
    const total = props.totalConcurrency ?? 20;
    validateLanes(this, lanes, total);
    const shares = splitConcurrency(
      lanes.map((lane) => lane.weight),
      total,
    );
    const {
      lanes: _lanes,
      totalConcurrency: _total,
      reserveConcurrency,
      fifo,
      maxReceiveCount,
      ...consumerProps
    } = props;
    this.lanes = lanes.map((lane, index) => {
      const share = shares[index] ?? 2;
      const laneId = pascal(lane.name);
      const queue = new MessageQueue(this, `${laneId}Queue`, {
        fifo,
        maxReceiveCount,
        ageOfOldestMessageSlo: lane.ageOfOldestMessageSlo,
      });
      const consumer = new QueueConsumer(this, `${laneId}Consumer`, {
        ...consumerProps,
        queue,
        maxConcurrency: share,
        reservedConcurrentExecutions: reserveConcurrency ? share : undefined,
        serviceName: `${id}-${lane.name}`,
      });
      return { name: lane.name, queue, consumer, maxConcurrency: share };
    });
  }

  /** `{ FERRY_LANE_URLS: '{"urgent":"https://...","routine":"https://..."}' }` for a producer's environment. */
  laneUrlsEnv(): Record<string, string> {
    const urls: LaneUrls = Object.fromEntries(
      this.lanes.map((lane) => [lane.name, lane.queue.queue.queueUrl]),
    );
    return { [ENV.laneUrls]: Stack.of(this).toJsonString(urls) };
  }

  /**
   * Lets `grantee` send to every lane; when it is a Lambda function, also sets `FERRY_LANE_URLS`
   * so the runtime's `sendToLane` finds the queues.
   */
  grantSend(grantee: iam.IGrantable): void {
    for (const lane of this.lanes) lane.queue.grantSendMessages(grantee);
    if (grantee instanceof lambda.Function) {
      for (const [name, value] of Object.entries(this.laneUrlsEnv())) grantee.addEnvironment(name, value);
    }
  }

  monitoringSections(): MonitoringSection[] {
    return this.lanes.flatMap((lane) => [
      ...lane.queue.monitoringSections(),
      ...lane.consumer.monitoringSections(),
    ]);
  }
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
