import type { MessageContext } from '../../runtime/sqs/message-context.ts';
import { createSqsConsumer } from '../../runtime/sqs/sqs-consumer.ts';
import { Notifications } from '../shop/notifications.ts';
import { notify } from '../shop/pipeline/notify-step.ts';
import { EVENT_TYPES, notifiedEventData } from '../shop/schemas.ts';
import { laneFromEnv, requiredEnv, SHOP_ENV } from '../shop/shop-config.ts';

// One handler for both priority lanes; SHOP_LANE says which one this function serves.
const lane = laneFromEnv();
const notifications = new Notifications(requiredEnv(SHOP_ENV.table));

const anyEvent = {
  schema: notifiedEventData,
  handle: async (_data: unknown, { envelope }: MessageContext) => {
    if (envelope) await notify(envelope, lane, notifications);
  },
};

export const { handler } = createSqsConsumer({
  // Its writes are keyed by event id and kind: a duplicate delivery is harmless without a marker.
  idempotency: false,
  handlers: Object.fromEntries(Object.values(EVENT_TYPES).map((type) => [type, anyEvent])),
});
