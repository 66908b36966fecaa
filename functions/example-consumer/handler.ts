import * as z from 'zod/mini';
import { createSqsConsumer, tableIdempotency } from '../../runtime/index.ts';

/**
 * The example pipeline's consumer: takes `ExampleRequested` envelopes and logs them. Everything
 * else (parsing, validation, partial batch failures, DLQ, backoff) is the runtime's.
 */
const consumer = createSqsConsumer({
  idempotency: tableIdempotency(),
  handlers: {
    ExampleRequested: {
      schema: z.object({ note: z.string().check(z.maxLength(200)) }),
      async handle(data, { logger }) {
        logger.info('example request handled', { note: data.note });
      },
    },
  },
});

export const handler = consumer.handler;
