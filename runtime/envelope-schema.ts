import * as z from 'zod/mini';

const nonEmpty = { error: 'must be a non-empty string' };

/**
 * The zod schema of a `FerryEnvelope` (contract.ts), for apps that compose it into their own schemas,
 * written with `zod/mini` and messages that read well without a zod locale. Unknown top-level
 * keys are dropped. The consumer does not use it: `parseEnvelope` (envelope.ts) checks the same
 * rules by hand, so a consumer's bundle builds no envelope schema at init; a test keeps the two
 * in agreement.
 */
export const envelopeSchema = z.object(
  {
    id: z.string(nonEmpty).check(z.minLength(1, nonEmpty)),
    type: z.string(nonEmpty).check(z.minLength(1, nonEmpty)),
    source: z.string(nonEmpty).check(z.minLength(1, nonEmpty)),
    aggregateId: z.optional(z.string(nonEmpty).check(z.minLength(1, nonEmpty))),
    sequence: z.optional(
      z
        .int({ error: 'must be a positive integer' })
        .check(z.positive({ error: 'must be a positive integer' })),
    ),
    occurredAt: z.iso.datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z',
    }),
    traceparent: z.optional(z.string({ error: 'must be a string' })),
    data: z.unknown(),
  },
  { error: 'must be a JSON object (a Ferry envelope)' },
);
