import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, parseEnvelope, parseMessageJson, validateSchema } from '../../runtime/envelope.ts';
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
      'id: Too small: expected string to have >=1 characters',
      'occurredAt: Invalid ISO datetime',
    ]);
  });

  it('throws when data is missing', () => {
    const { data: _data, ...withoutData } = envelope;

    expect(() => parseEnvelope(JSON.stringify(withoutData))).toThrow(SchemaValidationError);
  });
});

describe('validateSchema', () => {
  it('returns the parsed value', () => {
    expect(validateSchema(z.object({ n: z.coerce.number() }), { n: '3' }, 'data')).toEqual({ n: 3 });
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
});
