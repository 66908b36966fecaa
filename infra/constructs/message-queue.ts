import { Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MessagingChecks } from './aspects/messaging-checks.ts';
import { ALARM_PERIOD, ferryAlarm } from './monitoring/alarms.ts';
import type { IMonitoredComponent, MonitoringSection } from './monitoring/monitored-component.ts';
import { graph } from './monitoring/widgets.ts';
import { MAX_VISIBILITY_SECONDS, validateMessageQueueProps } from './private/message-queue-validation.ts';
import { knownSeconds } from './private/validation.ts';

/** How a queue and its DLQ are encrypted at rest. */
export type MessageQueueEncryption = 'sqs-managed' | 'kms';

/** Properties of a {@link MessageQueue}. */
export interface MessageQueueProps {
  /**
   * Physical name of the queue (`.fifo` is added for FIFO queues). The DLQ is named `<name>-dlq`.
   * @default - a name derived from the construct path (a fixed name lets the DLQ's redrive-allow
   *   policy name its source without a circular reference)
   */
  readonly queueName?: string;
  /**
   * A FIFO queue (ordered per message group, deduplicated on send) with a FIFO DLQ.
   * @default false
   */
  readonly fifo?: boolean;
  /**
   * FIFO only: deduplicate on the SHA-256 of the body when a send has no deduplication id.
   * @default false
   */
  readonly contentBasedDeduplication?: boolean;
  /**
   * FIFO only: high-throughput mode (deduplication and throughput limit per message group).
   * @default false
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
   */
  readonly highThroughput?: boolean;
  /**
   * Visibility timeout. Leave it unset and a {@link QueueConsumer} raises it to 6 x (its timeout +
   * batching window); set it and a consumer that needs more fails synth.
   * @default Duration.seconds(30), raised by consumers as needed
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long the queue keeps a message (60 s to 14 days).
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
  /**
   * How long the DLQ keeps a message. A standard DLQ keeps the original enqueue time, so it must
   * be longer than `retentionPeriod`.
   * @default Duration.days(14)
   */
  readonly deadLetterRetentionPeriod?: Duration;
  /**
   * Receives before SQS moves a message to the DLQ (1 to 1000; below 5 warns).
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Encryption at rest for the queue and its DLQ.
   * @default 'sqs-managed', or 'kms' when `encryptionKey` is given
   */
  readonly encryption?: MessageQueueEncryption;
  /**
   * KMS key for `encryption: 'kms'`.
   * @default - a new key with rotation on, when `encryption` is 'kms'
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Service level for the age of the oldest message; the age alarm fires above it.
   * @default Duration.minutes(5)
   */
  readonly ageOfOldestMessageSlo?: Duration;
  /**
   * Create the DLQ-not-empty and age-of-oldest-message alarms.
   * @default true
   */
  readonly alarms?: boolean;
}

/**
 * An SQS queue (standard or FIFO) that always has a DLQ of the same kind, with encryption at rest,
 * TLS enforced, a DLQ retention longer than the source's, a redrive-allow policy naming the source,
 * and alarms on by default: DLQ not empty, and age of oldest message above its SLO.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export class MessageQueue extends Construct implements IMonitoredComponent {
  /** The queue producers send to and consumers read. */
  readonly queue: sqs.Queue;
  /** The queue SQS moves a message to after `maxReceiveCount` receives; Ferry's runtime sends permanent failures here. */
  readonly deadLetterQueue: sqs.Queue;
  readonly fifo: boolean;
  readonly maxReceiveCount: number;
  readonly ageOfOldestMessageSlo: Duration;
  /** The KMS key, when the queue is KMS-encrypted. */
  readonly encryptionKey?: kms.IKey;
  /** Every alarm this queue created (empty when `alarms` is false). */
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly visibilityTimeoutFixed: boolean;

  constructor(scope: Construct, id: string, props: MessageQueueProps = {}) {
    super(scope, id);
    this.fifo = props.fifo ?? false;
    this.maxReceiveCount = props.maxReceiveCount ?? 5;
    this.ageOfOldestMessageSlo = props.ageOfOldestMessageSlo ?? Duration.minutes(5);
    this.visibilityTimeoutFixed = props.visibilityTimeout !== undefined;
    const retention = props.retentionPeriod ?? Duration.days(4);
    const deadLetterRetention = props.deadLetterRetentionPeriod ?? Duration.days(14);
    validateMessageQueueProps(this, props, { fifo: this.fifo, retention, deadLetterRetention });

    const queueName = this.queueNameFor(props.queueName);
    const encryption = this.encryptionFor(props);
    this.encryptionKey = encryption.encryptionMasterKey;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.queueName === undefined ? undefined : this.suffixed(`${props.queueName}-dlq`),
      fifo: this.fifo ? true : undefined,
      retentionPeriod: deadLetterRetention,
      enforceSSL: true,
      ...encryption,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName,
      fifo: this.fifo ? true : undefined,
      contentBasedDeduplication: props.contentBasedDeduplication,
      deduplicationScope: props.highThroughput ? sqs.DeduplicationScope.MESSAGE_GROUP : undefined,
      fifoThroughputLimit: props.highThroughput ? sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID : undefined,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(30),
      retentionPeriod: retention,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
      enforceSSL: true,
      ...encryption,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is the dead-letter queue: a DLQ of the DLQ would only move the problem. An alarm fires when it holds a message, and StartMessageMoveTask redrives it to the source.',
    });
    // The source's ARN is built from its name, not referenced: a GetAtt here would make the
    // source and the DLQ depend on each other.
    (this.deadLetterQueue.node.defaultChild as sqs.CfnQueue).redriveAllowPolicy = {
      redrivePermission: sqs.RedrivePermission.BY_QUEUE,
      sourceQueueArns: [Stack.of(this).formatArn({ service: 'sqs', resource: queueName })],
    };

    if (props.alarms ?? true) this.createAlarms();
    MessagingChecks.applyTo(this);
  }

  /** The queue's visibility timeout as it stands (consumers may have raised it). */
  get visibilityTimeout(): Duration {
    const seconds = (this.queue.node.defaultChild as sqs.CfnQueue).visibilityTimeout;
    return Duration.seconds(seconds ?? 30);
  }

  /**
   * Makes the visibility timeout at least `required`: raises it when it was left to its default,
   * and throws when it was set explicitly below `required`.
   */
  ensureVisibilityTimeout(required: Duration, reason: string): void {
    const requiredSeconds = knownSeconds(required);
    const current = knownSeconds(this.visibilityTimeout);
    if (requiredSeconds === undefined || current === undefined || current >= requiredSeconds) return;
    if (requiredSeconds > MAX_VISIBILITY_SECONDS) {
      throw new Error(
        `${this.node.path}: ${reason} needs a visibility timeout of ${requiredSeconds} s, above the SQS maximum of ${MAX_VISIBILITY_SECONDS} s. Shorten the consumer's timeout or batching window.`,
      );
    }
    if (this.visibilityTimeoutFixed) {
      throw new Error(
        `${this.node.path}: visibilityTimeout is ${current} s but ${reason} needs at least ${requiredSeconds} s. Set visibilityTimeout to at least Duration.seconds(${requiredSeconds}), or leave it unset so consumers raise it.`,
      );
    }
    (this.queue.node.defaultChild as sqs.CfnQueue).visibilityTimeout = requiredSeconds;
  }

  /** Lets `grantee` send messages to the queue (and use its KMS key). */
  grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantSendMessages(grantee);
  }

  monitoringSections(): MonitoringSection[] {
    const slo = this.ageOfOldestMessageSlo.toSeconds();
    return [
      {
        title: `Queue ${this.node.path}`,
        alarms: this.alarms,
        widgets: [
          graph('Messages in and out', [
            this.queue.metricNumberOfMessagesSent({ label: 'sent', period: ALARM_PERIOD }),
            this.queue.metricNumberOfMessagesDeleted({ label: 'deleted', period: ALARM_PERIOD }),
          ]),
          graph(
            'Age of oldest message (s)',
            [this.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: ALARM_PERIOD })],
            { label: 'SLO', value: slo },
          ),
          graph('DLQ depth', [this.metricDeadLetterDepth().with({ label: 'DLQ messages' })]),
          graph('Queue depth', [
            this.queue.metricApproximateNumberOfMessagesVisible({ label: 'visible', statistic: 'Maximum' }),
            this.queue.metricApproximateNumberOfMessagesNotVisible({
              label: 'in flight',
              statistic: 'Maximum',
            }),
          ]),
        ],
      },
    ];
  }

  /** Messages waiting in the DLQ (maximum over a minute). */
  metricDeadLetterDepth(): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      statistic: 'Maximum',
      period: ALARM_PERIOD,
    });
  }

  private createAlarms(): void {
    this.alarms.push(
      ferryAlarm(this, 'DeadLetterQueueNotEmptyAlarm', {
        metric: this.metricDeadLetterDepth(),
        threshold: 0,
        description: `The DLQ of ${this.node.path} holds messages: permanent failures or exhausted retries. Read the ferry.error.* attributes, fix the cause, then redrive them with StartMessageMoveTask or \`npx ferry dlq redrive\` (docs/operations.md).`,
      }),
      ferryAlarm(this, 'AgeOfOldestMessageAlarm', {
        metric: this.queue.metricApproximateAgeOfOldestMessage({
          statistic: 'Maximum',
          period: ALARM_PERIOD,
        }),
        threshold: this.ageOfOldestMessageSlo.toSeconds(),
        description: `The oldest message in ${this.node.path} is older than its ${this.ageOfOldestMessageSlo.toHumanString()} SLO: consumers are failing, throttled or too few. Check the consumer's errors, throttles and concurrency.`,
      }),
    );
  }

  private queueNameFor(given: string | undefined): string {
    if (given !== undefined) return this.suffixed(given.replace(/\.fifo$/, ''));
    return this.suffixed(Names.uniqueResourceName(this, { maxLength: this.fifo ? 75 : 80 }));
  }

  private suffixed(base: string): string {
    return this.fifo ? `${base}.fifo` : base;
  }

  private encryptionFor(
    props: MessageQueueProps,
  ): Pick<sqs.QueueProps, 'encryption' | 'encryptionMasterKey'> {
    const kind = props.encryption ?? (props.encryptionKey ? 'kms' : 'sqs-managed');
    if (kind === 'sqs-managed') return { encryption: sqs.QueueEncryption.SQS_MANAGED };
    const key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', { enableKeyRotation: true, description: `Encrypts ${this.node.path}` });
    return { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key };
  }
}
