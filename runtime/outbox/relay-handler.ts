import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readRelayConfig } from './outbox-config.ts';
import { createOutboxMetrics, type OutboxMetrics } from './outbox-metrics.ts';
import { relayStreamBatch } from './outbox-relay.ts';

let setup: { config: ReturnType<typeof readRelayConfig>; metrics: OutboxMetrics } | undefined;

/**
 * Lambda entry of the outbox relay, bundled by the TransactionalOutbox construct. Reads
 * `FERRY_OUTBOX_ROUTES` and `FERRY_RELAY_DLQ_URL` on the first invocation (a missing one fails
 * every invocation with a ConfigurationError naming it) and answers with a partial batch response.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  setup ??= { config: readRelayConfig(), metrics: createOutboxMetrics() };
  try {
    return await relayStreamBatch(event, { ...setup.config, metrics: setup.metrics });
  } finally {
    setup.metrics.flush();
  }
};
