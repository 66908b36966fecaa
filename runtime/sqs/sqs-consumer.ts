import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type ConsumerConfig, readConsumerConfig } from '../config.ts';
import { CONSUMER_METRICS } from '../contract.ts';
import type { AnySchema } from '../envelope.ts';
import { ConfigurationError } from '../errors.ts';
import type { IdempotencyStore } from '../idempotency/idempotency-store.ts';
import type { IdempotentRunner } from '../idempotency/idempotent-runner.ts';
import { defaultLogger } from '../observability/logger.ts';
import { addMetricValues, createConsumerMetrics } from '../observability/metrics.ts';
import { resolveBatchOptions, type SqsBatchOptions } from './batch-options.ts';
import { ConsumerInvocation, type ConsumerRoutes } from './consumer-invocation.ts';
import type { MessageHandler, RawMessageHandler } from './message-context.ts';
import { processSqsBatch } from './process-batch.ts';

/** Idempotency settings of a consumer. */
export interface ConsumerIdempotencyOptions {
  /** Table in the Powertools layout (partition key `id`). @default - FERRY_IDEMPOTENCY_TABLE; none: off */
  readonly tableName?: string;
  /**
   * How long a completed event id is remembered. Keep it at least the source queue's retention
   * period: a duplicate copy can arrive as late as that.
   * @default - FERRY_IDEMPOTENCY_TTL_SECONDS, else 14 days (the longest SQS retention)
   */
  readonly expiresAfterSeconds?: number;
  /** @default - the Lambda function name */
  readonly keyPrefix?: string;
  /** A store of your own (sort-key layout, own client). @default - one on `tableName` */
  readonly store?: IdempotencyStore;
}

/** Options of {@link createSqsConsumer}. Explicit values win over the FERRY_* environment. */
export interface SqsConsumerOptions<
  THandlers extends Record<string, AnySchema> = Record<string, AnySchema>,
  TRaw extends AnySchema = AnySchema,
> extends Omit<SqsBatchOptions, 'context' | 'logger' | 'metrics' | 'logAttributes'> {
  /** Handler per envelope `type`. Exactly one of `handlers` and `raw` must be given. */
  readonly handlers?: { readonly [K in keyof THandlers]: MessageHandler<THandlers[K]> };
  /** Handler of non-envelope bodies. */
  readonly raw?: RawMessageHandler<TRaw>;
  /** Idempotency by event id; `false` turns it off. @default - on when a table is configured */
  readonly idempotency?: ConsumerIdempotencyOptions | false;
  /** @default - a shared Powertools Logger */
  readonly logger?: Logger;
  /** Published after every batch. @default - Powertools Metrics in the Ferry namespace */
  readonly metrics?: Metrics;
  /** Where the FERRY_* variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The two shapes of a consumer: a plain Lambda handler, and the same wrapped by middy. */
export interface SqsConsumer {
  /** The Lambda handler. Set `FunctionResponseTypes: [ReportBatchItemFailures]` on the ESM. */
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  /** A new middy handler around {@link SqsConsumer.handler}, for adding middlewares. */
  middy(): MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context>;
}

function batchOptions(options: SqsConsumerOptions, config: ConsumerConfig): SqsBatchOptions {
  return {
    fifo: options.fifo,
    sqsClient: options.sqsClient,
    sourceQueueUrl: options.sourceQueueUrl,
    random: options.random,
    maxConcurrency: options.maxConcurrency ?? config.maxConcurrency,
    deadLetterQueueUrl: options.deadLetterQueueUrl ?? config.deadLetterQueueUrl,
    backoff: {
      baseSeconds: options.backoff?.baseSeconds ?? config.backoffBaseSeconds,
      capSeconds: options.backoff?.capSeconds ?? config.backoffCapSeconds,
    },
    timeMarginMillis: options.timeMarginMillis ?? config.timeMarginMillis,
  };
}

function runnerFactory(
  options: SqsConsumerOptions,
  config: ConsumerConfig,
): (() => Promise<IdempotentRunner>) | undefined {
  if (options.idempotency === false) return undefined;
  const settings = options.idempotency ?? {};
  const tableName = settings.tableName ?? config.idempotencyTable;
  const { store } = settings;
  if (!store && !tableName) return undefined;
  let runner: Promise<IdempotentRunner> | undefined;
  // Loaded on first use: the DynamoDB client and JMESPath stay out of cold starts without idempotency.
  return () => {
    runner ??= Promise.all([
      import('../idempotency/idempotent-runner.ts'),
      import('../idempotency/idempotency-store.ts'),
    ]).then(
      ([{ IdempotentRunner }, { IdempotencyStore }]) =>
        new IdempotentRunner(store ?? new IdempotencyStore({ tableName: tableName ?? '' }), {
          expiresAfterSeconds: settings.expiresAfterSeconds ?? config.idempotencyTtlSeconds,
          keyPrefix: settings.keyPrefix,
        }),
    );
    return runner;
  };
}

/**
 * A Lambda handler for SQS batches of Ferry envelopes (or raw bodies): each message is parsed,
 * validated with the zod schema of its type, deduplicated by event id, and handled, with
 * everything `processSqsBatch` does around it (partial batch response, FIFO order, DLQ for
 * permanent errors, backoff for the rest, time budget) and Powertools logs and EMF metrics.
 * Invalid JSON, a body that is not an envelope, an unknown type and a schema failure are all
 * permanent: the message is dead-lettered with the reason.
 *
 * Settings come from the FERRY_* environment variables (see `ENV` in contract.ts), which the
 * constructs set; explicit options win. Throws a ConfigurationError at creation when they are
 * inconsistent, so a misconfigured function fails at init, not per message.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export function createSqsConsumer<
  THandlers extends Record<string, AnySchema> = Record<string, AnySchema>,
  TRaw extends AnySchema = AnySchema,
>(options: SqsConsumerOptions<THandlers, TRaw>): SqsConsumer {
  const generic = options as unknown as SqsConsumerOptions;
  const { handlers, raw } = generic;
  const logger = options.logger ?? defaultLogger();
  let routes: ConsumerRoutes;
  if (handlers && !raw) routes = { handlers, logger };
  else if (raw && !handlers) routes = { raw, logger };
  else {
    throw new ConfigurationError(
      'createSqsConsumer needs exactly one of `handlers` (Ferry envelopes, one handler per type) and `raw` (any other body).',
    );
  }
  const config = readConsumerConfig(options.env ?? process.env);
  const settings = batchOptions(generic, config);
  // Validated once here: a bad option fails the cold start instead of every batch.
  resolveBatchOptions({ Records: [] }, settings);
  const metrics = options.metrics ?? createConsumerMetrics();
  const runner = runnerFactory(generic, config);

  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const idempotentRunner = runner ? await runner() : undefined;
    idempotentRunner?.registerContext(context);
    const invocation = new ConsumerInvocation(routes, context, idempotentRunner);
    try {
      return await processSqsBatch(event, invocation.handleRecord, {
        ...settings,
        context,
        logger,
        metrics,
        logAttributes: invocation.logAttributes,
      });
    } finally {
      if (idempotentRunner)
        metrics.addMetric(CONSUMER_METRICS.duplicateSkipped, 'Count', invocation.duplicatesSkipped);
      addMetricValues(metrics, CONSUMER_METRICS.endToEndAge, 'Milliseconds', invocation.agesMillis);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };

  return {
    handler,
    middy: () => middy<SQSEvent, SQSBatchResponse, Error, Context>().handler(handler),
  };
}
