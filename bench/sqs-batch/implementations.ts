import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ConsumerLogger } from '../../runtime/observability/logger.ts';
import { processSqsBatch } from '../../runtime/sqs/process-batch.ts';
import { benchContext } from './bench-context.ts';

/** The record handler every implementation runs: one SQS record in, nothing out. */
export type RecordHandler = (record: SQSRecord) => Promise<void>;

/** One way of turning a batch plus a record handler into a partial batch response. */
export interface BatchImplementation {
  readonly name: string;
  run(event: SQSEvent, handler: RecordHandler): Promise<SQSBatchResponse>;
}

// Only reached on failures, which the timed cases do not have; silent so a bug shows as a count, not noise.
const silent: ConsumerLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Ferry's `processSqsBatch`; `maxConcurrency` undefined keeps its default bound (100). */
export function ferry(name: string, maxConcurrency?: number): BatchImplementation {
  const context = benchContext();
  return {
    name,
    run: (event, handler) => processSqsBatch(event, handler, { context, logger: silent, maxConcurrency }),
  };
}

/** Powertools `BatchProcessor` (records in parallel, its default) through `processPartialResponse`. */
export function powertools(): BatchImplementation {
  // One processor per module, as the Powertools documentation creates it.
  const processor = new BatchProcessor(EventType.SQS);
  const context = benchContext();
  return {
    name: 'Powertools BatchProcessor',
    run: (event, handler) => processPartialResponse(event, handler, processor, { context }),
  };
}

/**
 * Powertools `SqsFifoPartialProcessorAsync` with `skipGroupOnError`, the setting whose semantics
 * match Ferry's (a failure stops its own group only).
 */
export function powertoolsFifo(): BatchImplementation {
  const processor = new SqsFifoPartialProcessorAsync();
  const context = benchContext();
  return {
    name: 'Powertools SqsFifoPartialProcessorAsync',
    run: (event, handler) =>
      processPartialResponse(event, handler, processor, { context, skipGroupOnError: true }),
  };
}

/**
 * middy with `@middy/sqs-partial-batch-failure`: the handler answers with
 * `Promise.allSettled(Records.map(handler))` (unbounded, and unaware of FIFO groups) and the
 * middleware turns the settled results into `batchItemFailures`.
 */
export function middyPartialBatch(): BatchImplementation {
  // One middy handler per record handler, built once: what a Lambda module does at init.
  const handlers = new Map<RecordHandler, (event: SQSEvent, context: Context) => Promise<unknown>>();
  const context = benchContext();
  return {
    name: 'middy sqs-partial-batch-failure',
    run: async (event, handler) => {
      let wrapped = handlers.get(handler);
      if (!wrapped) {
        const created = middy<SQSEvent, PromiseSettledResult<void>[]>()
          .use(sqsPartialBatchFailure())
          .handler((batch) => Promise.allSettled(batch.Records.map(handler)));
        handlers.set(handler, created);
        wrapped = created;
      }
      // The middleware replaces the handler's settled results with the partial batch response.
      return (await wrapped(event, context)) as SQSBatchResponse;
    },
  };
}
