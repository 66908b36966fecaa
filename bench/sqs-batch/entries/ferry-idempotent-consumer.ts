import { tableIdempotency } from '../../../runtime/idempotency/table-idempotency.ts';
import { createSqsConsumer } from '../../../runtime/sqs/sqs-consumer.ts';
import { orderPlaced } from './order-schema.ts';

let total = 0;

/** Sum of the totals handled, so the handler's work is observable (and kept by the minifier). */
export const handledTotal = (): number => total;

/** Cold-start entry: the minimal Ferry consumer with idempotency by event id on a table. */
export const { handler } = createSqsConsumer({
  idempotency: tableIdempotency(),
  handlers: {
    OrderPlaced: {
      schema: orderPlaced,
      handle: async (data) => {
        total += data.total;
      },
    },
  },
});
