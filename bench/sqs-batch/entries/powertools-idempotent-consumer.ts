import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { orderPlacedEnvelope } from './order-schema.ts';

const processor = new BatchProcessor(EventType.SQS);
const logger = new Logger();
const metrics = new Metrics();
const config = new IdempotencyConfig({ eventKeyJmesPath: 'id' });
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE ?? '' });
let total = 0;

/** Sum of the totals handled, so the handler's work is observable (and kept by the minifier). */
export const handledTotal = (): number => total;

const handleOnce = makeIdempotent(
  async (envelope: { id: string; data: { total: number } }) => {
    total += envelope.data.total;
  },
  { persistenceStore, config },
);

async function recordHandler(record: SQSRecord): Promise<void> {
  await handleOnce(orderPlacedEnvelope.parse(JSON.parse(record.body)));
}

/**
 * Cold-start entry: the Powertools consumer with Powertools idempotency keyed by the envelope id,
 * the feature-equal counterpart of ferry-idempotent-consumer.ts.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  config.registerLambdaContext(context);
  try {
    const response = await processPartialResponse(event, recordHandler, processor, { context });
    metrics.addMetric(
      'MessagesProcessed',
      MetricUnit.Count,
      event.Records.length - response.batchItemFailures.length,
    );
    return response;
  } finally {
    metrics.publishStoredMetrics();
  }
}
