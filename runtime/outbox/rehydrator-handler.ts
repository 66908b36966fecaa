import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readDeadLetterQueueUrl } from './outbox-config.ts';
import { createOutboxMetrics, type OutboxMetrics } from './outbox-metrics.ts';
import { rehydrateFailures } from './rehydrator.ts';

let setup: { deadLetterQueueUrl: string; metrics: OutboxMetrics } | undefined;

/**
 * Lambda entry of the rehydrator, bundled by the TransactionalOutbox construct and fed by the
 * relay mapping's on-failure queue (with `ReportBatchItemFailures`). Reads `FERRY_RELAY_DLQ_URL`
 * on the first invocation.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  setup ??= { deadLetterQueueUrl: readDeadLetterQueueUrl(), metrics: createOutboxMetrics() };
  try {
    return await rehydrateFailures(event, {
      deadLetterQueueUrl: setup.deadLetterQueueUrl,
      metrics: setup.metrics,
    });
  } finally {
    setup.metrics.flush();
  }
};
