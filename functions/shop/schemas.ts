import * as z from 'zod/mini';

/**
 * The shop's public contract (docs/api.md): request bodies, the order resource, and the data each
 * event carries. Handlers parse with these; the API answers 400 with every problem they find.
 * zod/mini: the schemas tree-shake, so a function bundles only the checks it uses (classic zod
 * costs about 450 KB per bundle, its locales included).
 */

const id = z.string().check(z.minLength(1), z.maxLength(64));

/** `POST /orders` body. */
export const placeOrderBody = z.strictObject({
  customerId: id,
  items: z
    .array(z.strictObject({ sku: id, quantity: z.int().check(z.gte(1), z.lte(1000)) }))
    .check(z.minLength(1), z.maxLength(50)),
  paymentToken: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

/** `PUT /inventory/{sku}` body. */
export const setInventoryBody = z.strictObject({ available: z.int().check(z.gte(0), z.lte(1_000_000_000)) });

/** `POST /users` body. */
export const createUserBody = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type RejectionReason = 'OUT_OF_STOCK' | 'PAYMENT_DECLINED';

/** The order resource, as `GET /orders/{orderId}` returns it. */
export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly items: PlaceOrderBody['items'];
  readonly status: OrderStatus;
  readonly reason?: RejectionReason;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Event types of the shop, and the data each carries. */
export const EVENT_TYPES = {
  orderPlaced: 'OrderPlaced',
  inventoryReserved: 'InventoryReserved',
  orderConfirmed: 'OrderConfirmed',
  orderRejected: 'OrderRejected',
  stockReleased: 'StockReleased',
  userCreated: 'UserCreated',
} as const;

export const orderPlacedData = z.object({
  orderId: id,
  customerId: id,
  items: placeOrderBody.shape.items,
  paymentToken: z.string(),
});
export const inventoryReservedData = orderPlacedData;
export const orderOutcomeData = z.object({
  orderId: id,
  customerId: id,
  reason: z.optional(z.enum(['OUT_OF_STOCK', 'PAYMENT_DECLINED'])),
});
export const stockReleasedData = z.object({ orderId: id, customerId: id, items: placeOrderBody.shape.items });
export const userCreatedData = z.object({ userId: id, email: z.string(), name: z.string() });
/**
 * What the notifier reads of any event: the ids that become parts of its DynamoDB keys, bounded
 * like the API bounds them, so an oversize id is dead-lettered at once instead of failing every write.
 */
export const notifiedEventData = z.looseObject({
  customerId: z.optional(id),
  userId: z.optional(id),
  orderId: z.optional(id),
});
