import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { describeIssues, parseEnvelope, parseMessageJson, validateSchema } from '../../runtime/envelope.ts';
import { envelopeSchema } from '../../runtime/envelope-schema.ts';
import { InvalidMessageError, isPermanentError, SchemaValidationError } from '../../runtime/errors.ts';

const envelope = {
  id: '0190f7d2-8a7b-7000-8000-000000000001',
  type: 'OrderPlaced',
  source: 'shop.orders',
  aggregateId: 'order-1',
  sequence: 1,
  occurredAt: '2025-03-01T12:00:00.000Z',
  data: { total: 12 },
};

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseEnvelope', () => {
  it('reads a valid envelope', () => {
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope);
  });

  it('drops unknown top-level keys', () => {
    const parsed = parseEnvelope(JSON.stringify({ ...envelope, addedLater: true }));

    expect(parsed).not.toHaveProperty('addedLater');
  });

  it('throws a permanent InvalidMessageError on invalid JSON', () => {
    const error = thrown(() => parseEnvelope('{not json'));

    expect(error).toBeInstanceOf(InvalidMessageError);
    expect(isPermanentError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Message body is not valid JSON \(/);
  });

  it('throws a permanent SchemaValidationError listing every problem when the JSON is not an envelope', () => {
    const error = thrown(() =>
      parseEnvelope(JSON.stringify({ ...envelope, id: '', occurredAt: 'yesterday' })),
    );

    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).issues).toEqual([
      'id: must be a non-empty string',
      'occurredAt: must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z',
    ]);
  });

  it('throws saying data is required when it is missing', () => {
    const { data: _data, ...withoutData } = envelope;

    const error = thrown(() => parseEnvelope(JSON.stringify(withoutData)));

    expect((error as SchemaValidationError).issues).toEqual(['data: is required']);
  });

  it('throws saying the body must be an object when it is another JSON value', () => {
    const error = thrown(() => parseEnvelope('[1]'));

    expect((error as SchemaValidationError).issues).toEqual([
      '(root): must be a JSON object (a Ferry envelope)',
    ]);
  });

  it('throws on a sequence that is not a positive integer', () => {
    const error = thrown(() => parseEnvelope(JSON.stringify({ ...envelope, sequence: 1.5 })));

    expect((error as SchemaValidationError).issues).toEqual(['sequence: must be a positive integer']);
  });

  it('throws a permanent error on an id or aggregate id too long to be part of a DynamoDB key', () => {
    const error = thrown(() =>
      parseEnvelope(JSON.stringify({ ...envelope, id: 'e'.repeat(201), aggregateId: 'a'.repeat(3000) })),
    );

    expect(isPermanentError(error)).toBe(true);
    expect((error as SchemaValidationError).issues).toEqual([
      'id: must be at most 200 characters',
      'aggregateId: must be at most 200 characters',
    ]);
  });
});

describe('validateSchema', () => {
  it('returns the value parsed by a classic schema', () => {
    expect(validateSchema(z.object({ n: z.coerce.number() }), { n: '3' }, 'data')).toEqual({ n: 3 });
  });

  it('returns the value parsed by a zod/mini schema', () => {
    const schema = zm.object({ n: zm.number() });

    expect(validateSchema(schema, { n: 3, extra: true }, 'data')).toEqual({ n: 3 });
  });

  it('throws a SchemaValidationError whose message starts with what was validated', () => {
    expect(() => validateSchema(z.number(), 'x', 'OrderPlaced data')).toThrow(
      /^OrderPlaced data does not match its schema; fix the producer \(the message was not processed\): \(root\): /,
    );
  });
});

describe('parseMessageJson', () => {
  it('parses JSON of any shape', () => {
    expect(parseMessageJson('[1,2]')).toEqual([1, 2]);
  });
});

describe('describeIssues', () => {
  it('joins nested paths with dots', () => {
    const result = z.object({ a: z.array(z.object({ b: z.string() })) }).safeParse({ a: [{ b: 1 }] });
    if (result.success) throw new Error('expected a failure');

    expect(describeIssues(result.error)).toEqual(['a.0.b: Invalid input: expected string, received number']);
  });

  it('says what was expected when zod (mini, without a locale) only says "Invalid input"', () => {
    const issues = describeIssues({
      issues: [
        { code: 'invalid_type', expected: 'number', input: 'x', path: ['n'], message: 'Invalid input' },
        {
          code: 'invalid_type',
          expected: 'nonoptional',
          input: undefined,
          path: ['d'],
          message: 'Invalid input',
        },
      ],
    });

    expect(issues).toEqual(['n: expected number', 'd: is required']);
  });

  it('describes size, format and value problems of zod/mini schemas from the issue fields', () => {
    const schema = zm.object({
      name: zm.string().check(zm.minLength(1)),
      count: zm.int().check(zm.positive()),
      at: zm.iso.datetime({ offset: true }),
      kind: zm.enum(['sqs', 'sns']),
      digits: zm.string().check(zm.regex(/^\d+$/)),
      marker: zm.literal('event'),
      tags: zm.array(zm.string()).check(zm.maxLength(1)),
      nested: zm.strictObject({}),
    });
    // A bundle with zod/mini alone has no locale; in this process classic zod has loaded English
    // messages for every schema, so the parse says "Invalid input" itself, as a bundle would.
    const noLocale = { error: () => 'Invalid input' };
    const input = {
      name: '',
      count: 0,
      at: 'yesterday',
      kind: 'kafka',
      digits: '12a',
      marker: 'item',
      tags: ['a', 'b'],
      nested: { extra: 1, more: 2 },
    };
    const result = zm.safeParse(schema, input, noLocale);
    if (result.success) throw new Error('expected a failure');

    expect(describeIssues(result.error)).toEqual([
      'name: must have at least 1 character',
      'count: must be > 0',
      'at: must be a valid datetime',
      'kind: must be one of "sqs", "sns"',
      'digits: must match /^\\d+$/',
      'marker: must be "event"',
      'tags: must have at most 1 item',
      'nested: has unknown keys "extra", "more"',
    ]);
  });
});

describe('parseEnvelope and envelopeSchema', () => {
  const variants: Record<string, unknown>[] = [
    envelope,
    { ...envelope, addedLater: { nested: true } },
    { id: 'e', type: 't', source: 's', occurredAt: '2025-03-01T12:00:00Z', data: null },
    { ...envelope, id: '' },
    { ...envelope, id: 7 },
    { ...envelope, type: undefined },
    { ...envelope, source: null },
    { ...envelope, aggregateId: '' },
    { ...envelope, aggregateId: null },
    { ...envelope, id: 'e'.repeat(200), source: 's'.repeat(201) },
    { ...envelope, type: 't'.repeat(201), aggregateId: 'a'.repeat(3000) },
    { ...envelope, sequence: 0 },
    { ...envelope, sequence: -3 },
    { ...envelope, sequence: 2.5 },
    { ...envelope, sequence: '4' },
    { ...envelope, sequence: 2 ** 53 },
    { ...envelope, occurredAt: '2025-03-01T12:00:00+02:00' },
    { ...envelope, occurredAt: '2025-03-01T12:00+02:00' },
    { ...envelope, occurredAt: '2025-02-30T12:00:00Z' },
    { ...envelope, occurredAt: '2024-02-29T23:59:59.5Z' },
    { ...envelope, occurredAt: '2100-02-29T00:00:00Z' },
    { ...envelope, occurredAt: '2000-02-29T00:00:00-11:30' },
    { ...envelope, occurredAt: '2025-13-01T00:00:00Z' },
    { ...envelope, occurredAt: '2025-04-31T00:00:00Z' },
    { ...envelope, occurredAt: '2025-04-00T00:00:00Z' },
    { ...envelope, occurredAt: '2025-04-10T24:00:00Z' },
    { ...envelope, occurredAt: '2025-04-10T10:60:00Z' },
    { ...envelope, occurredAt: '2025-04-10T10:00:00+24:00' },
    { ...envelope, occurredAt: '2025-04-10T10:00:00.Z' },
    { ...envelope, occurredAt: '2025-03-01 12:00:00Z' },
    { ...envelope, occurredAt: '2025-03-01T12:00:00' },
    { ...envelope, occurredAt: 1_740_830_400_000 },
    { ...envelope, traceparent: '00-abc-def-01' },
    { ...envelope, traceparent: 1 },
    { ...envelope, data: undefined },
    { ...envelope, id: '', occurredAt: 'yesterday', data: undefined },
  ];

  // Same outcome and the same fields at fault. Messages are compared by the tests above: once any
  // classic zod schema has run, zod/mini speaks its English locale, which the hand check does not.
  it.each(variants.map((variant, index) => [index, variant]))(
    'agree on variant %i: the same envelope, or the same fields at fault',
    (_index, variant) => {
      const body = JSON.stringify(variant);
      const expected = envelopeSchema.safeParse(JSON.parse(body));
      const error = thrown(() => parseEnvelope(body));

      if (expected.success) {
        expect(error).toBeUndefined();
        expect(parseEnvelope(body)).toStrictEqual(expected.data);
      } else {
        const fields = (error as SchemaValidationError).issues.map((issue) => issue.split(':')[0]);
        expect(fields).toEqual(expected.error.issues.map((issue) => issue.path.join('.') || '(root)'));
      }
    },
  );
});
