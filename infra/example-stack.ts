import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  IdempotencyTable,
  MessageQueue,
  MessagingDashboard,
  OutboxRouteTarget,
  PriorityLanes,
  QueueConsumer,
  TransactionalOutbox,
} from './constructs/index.ts';

const CONSUMER_ENTRY = fileURLToPath(new URL('../functions/example-consumer/handler.ts', import.meta.url));

/**
 * A small, real pipeline that uses every construct: an outbox whose relay publishes
 * `ExampleRequested` events to a queue with a consumer, priority lanes running the same handler
 * (producers reach them with the runtime's `sendToLane`), and one dashboard over all of it. It stands in for the shop stack until that exists, and is what
 * `npx cdk synth` builds. Tables are destroyed with the stack: it holds no data worth keeping.
 */
export class ExampleStack extends Stack {
  readonly requests: MessageQueue;
  readonly consumer: QueueConsumer;
  readonly outbox: TransactionalOutbox;
  readonly lanes: PriorityLanes;
  readonly dashboard: MessagingDashboard;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const idempotency = new IdempotencyTable(this, 'Idempotency', { removalPolicy: RemovalPolicy.DESTROY });

    this.requests = new MessageQueue(this, 'Requests', { ageOfOldestMessageSlo: Duration.minutes(2) });
    this.consumer = new QueueConsumer(this, 'RequestConsumer', {
      queue: this.requests,
      entry: CONSUMER_ENTRY,
      idempotencyTable: idempotency.table,
    });

    this.outbox = new TransactionalOutbox(this, 'Outbox', { removalPolicy: RemovalPolicy.DESTROY });
    this.outbox.route('ExampleRequested', OutboxRouteTarget.queue(this.requests));

    this.lanes = new PriorityLanes(this, 'Lanes', {
      entry: CONSUMER_ENTRY,
      idempotencyTable: idempotency.table,
      totalConcurrency: 8,
    });

    this.dashboard = new MessagingDashboard(this, 'Dashboard', {
      pipelineName: 'ferry-example',
      components: [this.requests, this.consumer, this.outbox, this.lanes],
    });
  }
}
