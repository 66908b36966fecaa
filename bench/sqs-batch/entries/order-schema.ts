import * as z from 'zod/mini';

// zod/mini: tree-shakes, the flavor Ferry's docs recommend for Lambda bundles.

/** Data of the benchmark's one message type. */
export const orderPlaced = z.object({ orderId: z.string(), total: z.number(), currency: z.string() });

/**
 * The envelope check a Powertools consumer needs to do what Ferry's does: the same fields, with
 * `data` validated by the type's schema.
 */
export const orderPlacedEnvelope = z.object({
  id: z.string(),
  type: z.literal('OrderPlaced'),
  source: z.string(),
  aggregateId: z.optional(z.string()),
  sequence: z.optional(z.int()),
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.optional(z.string()),
  data: orderPlaced,
});
