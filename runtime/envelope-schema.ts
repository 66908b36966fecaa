import * as z from 'zod/mini';
import { MAX_ENVELOPE_ID_CHARS } from './envelope.ts';

const nonEmpty = { error: 'must be a non-empty string' };
const tooLong = { error: `must be at most ${MAX_ENVELOPE_ID_CHARS} characters` };
const shortText = () =>
  z.string(nonEmpty).check(z.minLength(1, nonEmpty), z.maxLength(MAX_ENVELOPE_ID_CHARS, tooLong));

/**
 * The zod schema of a `FerryEnvelope` (contract.ts), for apps that compose it into their own schemas,
 * written with `zod/mini` and messages that read well without a zod locale. Unknown top-level
 * keys are dropped. The consumer does not use it: `parseEnvelope` (envelope.ts) checks the same
 * rules by hand, so a consumer's bundle builds no envelope schema at init; a test keeps the two
 * in agreement.
 */
export const envelopeSchema = z.object(
  {
    id: shortText(),
    type: shortText(),
    source: shortText(),
    aggregateId: z.optional(shortText()),
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
