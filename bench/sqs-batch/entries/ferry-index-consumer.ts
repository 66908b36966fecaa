import { createSqsConsumer } from '../../../runtime/index.ts';
import { orderPlaced } from './order-schema.ts';

let total = 0;

/** Sum of the totals handled, so the handler's work is observable (and kept by the minifier). */
export const handledTotal = (): number => total;

/** Cold-start entry: a Ferry consumer imported from the package index (`ferry/runtime`). */
export const { handler } = createSqsConsumer({
  handlers: {
    OrderPlaced: {
      schema: orderPlaced,
      handle: async (data) => {
        total += data.total;
      },
    },
  },
});
