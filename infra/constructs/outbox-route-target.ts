import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { OutboxTarget, OutboxTargetKind } from '../../runtime/contract.ts';
import { MessageQueue } from './message-queue.ts';

/**
 * Where a {@link TransactionalOutbox} publishes an event type: an SQS queue, an SNS topic or an
 * EventBridge bus. It renders the runtime's {@link OutboxTarget} and grants the publish action.
 */
export class OutboxRouteTarget {
  /** An SQS queue (a {@link MessageQueue} or any `IQueue`); FIFO queues get group and dedup ids. */
  static queue(queue: MessageQueue | sqs.IQueue): OutboxRouteTarget {
    const target = queue instanceof MessageQueue ? queue.queue : queue;
    return new OutboxRouteTarget('sqs', target.queueUrl, target.fifo, (grantee) =>
      target.grantSendMessages(grantee),
    );
  }

  /** An SNS topic; FIFO topics get group and dedup ids. */
  static topic(topic: sns.ITopic): OutboxRouteTarget {
    return new OutboxRouteTarget('sns', topic.topicArn, topic.fifo, (grantee) => topic.grantPublish(grantee));
  }

  /** An EventBridge event bus. */
  static eventBus(bus: events.IEventBus): OutboxRouteTarget {
    return new OutboxRouteTarget('eventbridge', bus.eventBusName, false, (grantee) =>
      bus.grantPutEventsTo(grantee),
    );
  }

  readonly kind: OutboxTargetKind;
  /** Queue URL, topic ARN or bus name (a token until deploy). */
  readonly destination: string;
  readonly fifo: boolean;
  private readonly grant: (grantee: iam.IGrantable) => iam.Grant;

  private constructor(
    kind: OutboxTargetKind,
    destination: string,
    fifo: boolean,
    grant: (grantee: iam.IGrantable) => iam.Grant,
  ) {
    this.kind = kind;
    this.destination = destination;
    this.fifo = fifo;
    this.grant = grant;
  }

  /** Lets `grantee` publish to this target. */
  grantPublish(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee);
  }

  /** The runtime's description of this target (part of `FERRY_OUTBOX_ROUTES`). */
  toOutboxTarget(): OutboxTarget {
    return this.fifo
      ? { kind: this.kind, destination: this.destination, fifo: true }
      : { kind: this.kind, destination: this.destination };
  }
}
