import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CONSUMER_DEFAULTS, MAX_VISIBILITY_TIMEOUT_SECONDS } from '../config.ts';
import { ConfigurationError } from '../errors.ts';
import { type ConsumerLogger, defaultLogger, type LogAttributes } from '../observability/logger.ts';
import type { ConsumerMetrics } from '../observability/metrics.ts';
import { isFifoSource } from './record-attributes.ts';
import { loadDefaultSqsClient } from './sqs-sdk.ts';

/** Full-jitter backoff settings (see `backoffDelaySeconds`). */
export interface BackoffOptions {
  /** @default 2 */
  readonly baseSeconds?: number;
  /** Longest single delay; at most 43,200 (12 hours). @default 900 */
  readonly capSeconds?: number;
}

/** Options of `processSqsBatch`. Unlike `createSqsConsumer`, it reads no environment variables. */
export interface SqsBatchOptions {
  /** Records (standard queue) or message groups (FIFO) processed at once. @default 100 */
  readonly maxConcurrency?: number;
  /** Process as a FIFO batch. @default - true when the records' `eventSourceARN` ends in `.fifo` */
  readonly fifo?: boolean;
  /**
   * DLQ that permanent failures are sent to, with the reason in message attributes.
   * @default - none: a permanent failure is reported failed, and the queue's redrive policy moves
   * it to its DLQ after `maxReceiveCount` receives
   */
  readonly deadLetterQueueUrl?: string;
  /** Backoff of transient failures. @default - base 2 s, cap 900 s */
  readonly backoff?: BackoffOptions;
  /** No record starts when less than this much invocation time remains. @default 1000 */
  readonly timeMarginMillis?: number;
  /** The invocation's context, for `getRemainingTimeInMillis()`. @default - no time budget */
  readonly context?: Pick<Context, 'getRemainingTimeInMillis'>;
  /** @default - one client for the process, created on first use */
  readonly sqsClient?: SQSClient;
  /** URL of the source queue, for visibility changes. @default - looked up from `eventSourceARN` */
  readonly sourceQueueUrl?: string;
  /** @default - a shared Powertools Logger, created when there is something to log */
  readonly logger?: ConsumerLogger;
  /** Sink of the batch's metrics (the caller publishes them). @default - no metrics */
  readonly metrics?: ConsumerMetrics;
  /** Extra log keys for one record, added to every line logged about it (e.g. its event id). */
  readonly logAttributes?: (record: SQSRecord) => LogAttributes;
  /** Numbers in [0, 1) for the backoff jitter; for simulations and tests. @default Math.random */
  readonly random?: () => number;
}

/** {@link SqsBatchOptions} with every default applied. */
export interface ResolvedBatchOptions {
  readonly maxConcurrency: number;
  readonly fifo: boolean;
  readonly deadLetterQueueUrl: string | undefined;
  readonly backoffBaseSeconds: number;
  readonly backoffCapSeconds: number;
  readonly timeMarginMillis: number;
  readonly context: Pick<Context, 'getRemainingTimeInMillis'> | undefined;
  readonly sqsClient: () => Promise<SQSClient>;
  readonly sourceQueueUrl: string | undefined;
  readonly logger: () => ConsumerLogger;
  readonly metrics: ConsumerMetrics | undefined;
  readonly logAttributes: ((record: SQSRecord) => LogAttributes) | undefined;
  readonly random: () => number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(
      `${name} must be a positive integer, got ${value}. Pass a value of 1 or more.`,
    );
  }
  return value;
}

/** Applies the defaults of {@link SqsBatchOptions}; throws a ConfigurationError on nonsense values. */
export function resolveBatchOptions(event: SQSEvent, options: SqsBatchOptions = {}): ResolvedBatchOptions {
  const backoffBaseSeconds = options.backoff?.baseSeconds ?? CONSUMER_DEFAULTS.backoffBaseSeconds;
  const backoffCapSeconds =
    options.backoff?.capSeconds ?? Math.max(CONSUMER_DEFAULTS.backoffCapSeconds, backoffBaseSeconds);
  if (
    !(backoffBaseSeconds >= 0) ||
    !(backoffCapSeconds >= backoffBaseSeconds) ||
    !(backoffCapSeconds <= MAX_VISIBILITY_TIMEOUT_SECONDS)
  ) {
    throw new ConfigurationError(
      `backoff must have 0 <= baseSeconds <= capSeconds <= ${MAX_VISIBILITY_TIMEOUT_SECONDS}, got base ${backoffBaseSeconds} and cap ${backoffCapSeconds}. Fix the backoff option.`,
    );
  }
  const { sqsClient, logger } = options;
  return {
    maxConcurrency: positiveInteger(
      'maxConcurrency',
      options.maxConcurrency ?? CONSUMER_DEFAULTS.maxConcurrency,
    ),
    fifo: options.fifo ?? isFifoSource(event.Records[0]),
    deadLetterQueueUrl: options.deadLetterQueueUrl || undefined,
    backoffBaseSeconds,
    backoffCapSeconds,
    timeMarginMillis: options.timeMarginMillis ?? CONSUMER_DEFAULTS.timeMarginMillis,
    context: options.context,
    sqsClient: sqsClient ? () => Promise.resolve(sqsClient) : loadDefaultSqsClient,
    sourceQueueUrl: options.sourceQueueUrl,
    logger: logger ? () => logger : defaultLogger,
    metrics: options.metrics,
    logAttributes: options.logAttributes,
    random: options.random ?? Math.random,
  };
}
