import { tableIdempotency } from '../../runtime/idempotency/table-idempotency.ts';
import { OutboxWriter } from '../../runtime/outbox/outbox-writer.ts';
import { createSqsConsumer } from '../../runtime/sqs/sqs-consumer.ts';
import { PaymentProvider } from '../shop/payment-provider.ts';
import { takePayment } from '../shop/pipeline/payment-step.ts';
import { EVENT_TYPES, inventoryReservedData } from '../shop/schemas.ts';
import { requiredEnv, SHOP_ENV } from '../shop/shop-config.ts';

const tableName = requiredEnv(SHOP_ENV.table);
const provider = new PaymentProvider(tableName);
const { write: writeWithEvents } = new OutboxWriter({ source: 'shop.payments' });

/** Charges each order whose stock is reserved; provider outages are retried with backoff. */
export const { handler } = createSqsConsumer({
  idempotency: tableIdempotency(),
  handlers: {
    [EVENT_TYPES.inventoryReserved]: {
      schema: inventoryReservedData,
      handle: async (reserved, context) => {
        await takePayment(reserved, {
          tableName,
          provider,
          writeWithEvents,
          markerActions: [context.idempotencyMarker()],
        });
      },
    },
  },
});
