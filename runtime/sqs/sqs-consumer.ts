import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type ConsumerConfig, readConsumerConfig } from '../config.ts';
import { CONSUMER_METRICS } from '../contract.ts';
import type { AnySchema } from '../envelope.ts';
import { ConfigurationError } from '../errors.ts';
import type { IdempotentRunner } from '../idempotency/idempotent-runner.ts';
import type { ConsumerIdempotency } from '../idempotency/table-idempotency.ts';
import { defaultLogger } from '../observability/logger.ts';
import { addMetricValues, createConsumerMetrics } from '../observability/metrics.ts';
import { resolveBatchOptions, type SqsBatchOptions } from './batch-options.ts';
import { ConsumerInvocation, type ConsumerRoutes } from './consumer-invocation.ts';
import type { MessageHandler, RawMessageHandler } from './message-context.ts';
import { processSqsBatch } from './process-batch.ts';

/** Options of {@link createSqsConsumer}. Explicit values win over the FERRY_* environment. */
export interface SqsConsumerOptions<
  THandlers extends Record<string, AnySchema> = Record<string, AnySchema>,
  TRaw extends AnySchema = AnySchema,
> extends Omit<SqsBatchOptions, 'context' | 'logger' | 'metrics' | 'logAttributes'> {
  /** Handler per envelope `type`. Exactly one of `handlers` and `raw` must be given. */
  readonly handlers?: { readonly [K in keyof THandlers]: MessageHandler<THandlers[K]> };
  /** Handler of non-envelope bodies. */
  readonly raw?: RawMessageHandler<TRaw>;
  /**
   * Idempotency by event id: `tableIdempotency()` from `runtime/idempotency/table-idempotency.ts`,
   * or `false` for none. Required (either way) when FERRY_IDEMPOTENCY_TABLE is set, so a consumer
   * the construct gave a table never runs without it by omission.
   * @default - none
   */
  readonly idempotency?: ConsumerIdempotency | false;
  /** @default - a shared Powertools Logger */
  readonly logger?: Logger;
  /** Published after every batch. @default - Powertools Metrics in the Ferry namespace */
  readonly metrics?: Metrics;
  /** Where the FERRY_* variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A consumer: its Lambda handler (wrap it with `middyConsumer` to add middlewares). */
export interface SqsConsumer {
  /** The Lambda handler. Set `FunctionResponseTypes: [ReportBatchItemFailures]` on the ESM. */
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
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

function createRunner(options: SqsConsumerOptions, config: ConsumerConfig): IdempotentRunner | undefined {
  if (options.idempotency === false) return undefined;
  if (options.idempotency === undefined) {
    if (config.idempotencyTable === undefined) return undefined;
    throw new ConfigurationError(
      `FERRY_IDEMPOTENCY_TABLE is set (${config.idempotencyTable}) but this consumer was created without idempotency. Pass \`idempotency: tableIdempotency()\` (runtime/idempotency/table-idempotency.ts) to use the table, or \`idempotency: false\` to run without it.`,
    );
  }
  return options.idempotency.createRunner({
    tableName: config.idempotencyTable,
    expiresAfterSeconds: config.idempotencyTtlSeconds,
  });
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
  const runner = createRunner(generic, config);

  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    runner?.registerContext(context);
    const invocation = new ConsumerInvocation(routes, context, runner);
    try {
      return await processSqsBatch(event, invocation.handleRecord, {
        ...settings,
        context,
        logger,
        metrics,
        logAttributes: invocation.logAttributes,
      });
    } finally {
      if (runner) metrics.addMetric(CONSUMER_METRICS.duplicateSkipped, 'Count', invocation.duplicatesSkipped);
      addMetricValues(metrics, CONSUMER_METRICS.endToEndAge, 'Milliseconds', invocation.agesMillis);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };

  return { handler };
}
