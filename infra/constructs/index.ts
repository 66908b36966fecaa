// The public construct API: named re-exports only.
export { AlarmTopic, type AlarmTopicProps } from './alarm-topic.ts';
export { MessagingChecks } from './aspects/messaging-checks.ts';
export { IdempotencyTable, type IdempotencyTableProps } from './idempotency-table.ts';
export { MessageQueue, type MessageQueueEncryption, type MessageQueueProps } from './message-queue.ts';
export { MessagingDashboard, type MessagingDashboardProps } from './messaging-dashboard.ts';
export type { IMonitoredComponent, MonitoringSection } from './monitoring/monitored-component.ts';
export { OutboxRouteTarget } from './outbox-route-target.ts';
export {
  type BuiltLane,
  DEFAULT_LANES,
  type PriorityLane,
  PriorityLanes,
  type PriorityLanesProps,
} from './priority-lanes.ts';
export { QueueConsumer, type QueueConsumerProps } from './queue-consumer.ts';
export { TransactionalOutbox, type TransactionalOutboxProps } from './transactional-outbox.ts';
