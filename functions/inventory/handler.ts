import { tableIdempotency } from '../../runtime/idempotency/table-idempotency.ts';
import { OutboxWriter } from '../../runtime/outbox/outbox-writer.ts';
import { createSqsConsumer } from '../../runtime/sqs/sqs-consumer.ts';
import { reserveInventory } from '../shop/pipeline/inventory-step.ts';
import { EVENT_TYPES, orderPlacedData } from '../shop/schemas.ts';
import { requiredEnv, SHOP_ENV } from '../shop/shop-config.ts';

const tableName = requiredEnv(SHOP_ENV.table);
const { write: writeWithEvents } = new OutboxWriter({ source: 'shop.inventory' });

/** Reserves stock for each placed order, from the orders FIFO queue (one group per order). */
export const { handler } = createSqsConsumer({
  idempotency: tableIdempotency(),
  handlers: {
    [EVENT_TYPES.orderPlaced]: {
      schema: orderPlacedData,
      handle: async (placed, context) => {
        await reserveInventory(placed, {
          tableName,
          writeWithEvents,
          markerActions: [context.idempotencyMarker()],
        });
      },
    },
  },
});
