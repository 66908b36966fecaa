import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE, ENV } from '../../runtime/contract.ts';
import { MessagingChecks } from './aspects/messaging-checks.ts';
import { VISIBILITY_TIMEOUT_FACTOR } from './aspects/queue-checks.ts';
import type { MessageQueue } from './message-queue.ts';
import {
  functionAlarms,
  functionWidgets,
  mappingWidget,
  SQS_MAPPING_COUNTS,
} from './monitoring/function-monitoring.ts';
import type { IMonitoredComponent, MonitoringSection } from './monitoring/monitored-component.ts';
import { createFerryFunction } from './private/ferry-function.ts';
import { validateQueueConsumerProps } from './private/queue-consumer-validation.ts';

/** Properties of a {@link QueueConsumer}. */
export interface QueueConsumerProps {
  /** The queue to consume; its DLQ receives the runtime's permanent failures. */
  readonly queue: MessageQueue;
  /** Path of the handler's TypeScript file (bundled with the local esbuild). */
  readonly entry: string;
  /** @default 'handler' */
  readonly handler?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default lambda.Tracing.ACTIVE */
  readonly tracing?: lambda.Tracing;
  /**
   * Messages per invocation: 1 to 10 on FIFO queues, up to 10,000 on standard queues (over 10
   * needs `maxBatchingWindow`).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long Lambda gathers a batch (standard queues only, up to 300 s).
   * @default - none: invoke as soon as messages arrive
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Most concurrent invocations the event source mapping starts (2 to 1000).
   * @default - no limit but the account's and the function's
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
   */
  readonly maxConcurrency?: number;
  /** @default - no reservation */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Records (standard) or message groups (FIFO) the runtime processes at once inside one batch.
   * @default - the runtime's default
   */
  readonly recordConcurrency?: number;
  /** First retry delay of the full-jitter backoff. @default Duration.seconds(2) */
  readonly backoffBase?: Duration;
  /** Longest single retry delay (at most 12 hours). @default Duration.minutes(15) */
  readonly backoffCap?: Duration;
  /**
   * Table for idempotency records (see {@link IdempotencyTable}); the runtime skips messages it
   * has already completed.
   * @default - no idempotency table
   */
  readonly idempotencyTable?: dynamodb.ITable;
  /**
   * How long a completed record is kept; at least the queue's retention period.
   * @default Duration.days(14)
   */
  readonly idempotencyTtl?: Duration;
  /** `POWERTOOLS_SERVICE_NAME`. @default - the construct id */
  readonly serviceName?: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`. @default 'Ferry' */
  readonly metricsNamespace?: string;
  /** Extra environment variables for the handler. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Create the error-rate, throttle and duration alarms. @default true */
  readonly alarms?: boolean;
  /** Error-rate alarm threshold, in percent of invocations. @default 5 */
  readonly errorRateThresholdPercent?: number;
  /** Duration alarm threshold, in percent of the timeout (p99). @default 80 */
  readonly durationThresholdPercentOfTimeout?: number;
}

/**
 * A Lambda function consuming a {@link MessageQueue} the safe way: `ReportBatchItemFailures`
 * always on, batch size and window validated (FIFO: at most 10, no window), optional
 * `maxConcurrency`, event-count metrics on, and the queue's visibility timeout made at least
 * 6 x (timeout + window). It sets the runtime's environment (DLQ URL, backoff, idempotency table,
 * Powertools names) and grants exactly what the runtime needs: receive/delete/change-visibility on
 * the queue, send on the DLQ, and the idempotency table's item actions.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export class QueueConsumer extends Construct implements IMonitoredComponent {
  readonly lambdaFunction: NodejsFunction;
  readonly eventSourceMapping: lambda.EventSourceMapping;
  readonly queue: MessageQueue;
  readonly timeout: Duration;
  readonly maxConcurrency?: number;
  /** Every alarm this consumer created (empty when `alarms` is false). */
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    validateQueueConsumerProps(this, props);
    this.queue = props.queue;
    this.timeout = props.timeout ?? Duration.seconds(30);
    this.maxConcurrency = props.maxConcurrency;
    const window = props.maxBatchingWindow ?? Duration.seconds(0);
    const required = Duration.seconds(
      VISIBILITY_TIMEOUT_FACTOR * (this.timeout.toSeconds() + window.toSeconds()),
    );
    props.queue.ensureVisibilityTimeout(
      required,
      `${this.node.path} (${VISIBILITY_TIMEOUT_FACTOR} x (timeout ${this.timeout.toSeconds()} s + window ${window.toSeconds()} s))`,
    );

    this.lambdaFunction = createFerryFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: `Ferry consumer of ${props.queue.node.path}`,
      memorySize: props.memorySize ?? 512,
      timeout: this.timeout,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { ...this.runtimeEnvironment(id, props), ...props.environment },
    });
    this.grantRuntime(props);

    this.eventSourceMapping = new lambda.EventSourceMapping(this, 'EventSourceMapping', {
      target: this.lambdaFunction,
      eventSourceArn: props.queue.queue.queueArn,
      batchSize: props.batchSize ?? 10,
      maxBatchingWindow: props.maxBatchingWindow,
      maxConcurrency: props.maxConcurrency,
      reportBatchItemFailures: true,
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    // CloudFormation checks the role's SQS permissions when it creates the mapping.
    if (this.lambdaFunction.role) this.eventSourceMapping.node.addDependency(this.lambdaFunction.role);
    Validations.of(this.eventSourceMapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "SQS event sources cannot have an on-failure destination; failed messages go to the queue's redrive DLQ, and the runtime sends permanent failures there at once.",
    });

    if (props.alarms ?? true) {
      this.alarms.push(
        ...functionAlarms(this, this.lambdaFunction, {
          errorRatePercent: props.errorRateThresholdPercent ?? 5,
          durationPercentOfTimeout: props.durationThresholdPercentOfTimeout ?? 80,
          timeout: this.timeout,
        }),
      );
    }
    MessagingChecks.applyTo(this);
  }

  monitoringSections(): MonitoringSection[] {
    return [
      {
        title: `Consumer ${this.node.path}`,
        alarms: this.alarms,
        widgets: [
          ...functionWidgets(this.lambdaFunction, this.timeout, this.maxConcurrency),
          mappingWidget(this.eventSourceMapping.eventSourceMappingId, SQS_MAPPING_COUNTS),
        ],
      },
    ];
  }

  private runtimeEnvironment(id: string, props: QueueConsumerProps): Record<string, string> {
    const environment: Record<string, string> = {
      [ENV.deadLetterQueueUrl]: props.queue.deadLetterQueue.queueUrl,
      [ENV.backoffBaseSeconds]: String((props.backoffBase ?? Duration.seconds(2)).toSeconds()),
      [ENV.backoffCapSeconds]: String((props.backoffCap ?? Duration.minutes(15)).toSeconds()),
      POWERTOOLS_SERVICE_NAME: props.serviceName ?? id,
      POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
    };
    if (props.recordConcurrency !== undefined)
      environment[ENV.maxConcurrency] = String(props.recordConcurrency);
    if (props.idempotencyTable !== undefined) {
      environment[ENV.idempotencyTable] = props.idempotencyTable.tableName;
      environment[ENV.idempotencyTtlSeconds] = String(
        (props.idempotencyTtl ?? Duration.days(14)).toSeconds(),
      );
    }
    return environment;
  }

  private grantRuntime(props: QueueConsumerProps): void {
    const fn = this.lambdaFunction;
    // Receive and delete for the mapping, ChangeMessageVisibility for the runtime's backoff.
    props.queue.queue.grantConsumeMessages(fn);
    // Permanent failures are sent to the DLQ at once instead of waiting for maxReceiveCount.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['sqs:SendMessage'],
      resourceArns: [props.queue.deadLetterQueue.queueArn],
    });
    props.queue.encryptionKey?.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    const table = props.idempotencyTable;
    if (table !== undefined) {
      // Powertools idempotency uses Get/Put/Update/DeleteItem; the runtime's transactional
      // completion marker adds a ConditionCheck inside TransactWriteItems.
      // @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resourceArns: [table.tableArn],
      });
      table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
    }
  }
}
