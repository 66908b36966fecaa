import { describe, expect, it } from 'vitest';
import { fingerprint, requireIdempotencyKey } from '../../../runtime/http/idempotency-key.ts';
import { HttpProblem } from '../../../runtime/http/problem-details.ts';

describe('requireIdempotencyKey', () => {
  it('returns the key, whatever the header name case', () => {
    expect(requireIdempotencyKey({ 'Idempotency-Key': 'abc-123' })).toBe('abc-123');
  });

  it('throws a 400 problem when the header is missing', () => {
    expect(() => requireIdempotencyKey({})).toThrow(HttpProblem);
    expect(() => requireIdempotencyKey({})).toThrow(/requires an Idempotency-Key/);
  });

  it('throws a 400 problem for a key over 255 characters', () => {
    expect(() => requireIdempotencyKey({ 'idempotency-key': 'k'.repeat(256) })).toThrow(/got 256 characters/);
  });

  it('throws a 400 problem for control or non-ASCII characters', () => {
    expect(() => requireIdempotencyKey({ 'idempotency-key': 'a\u0007b' })).toThrow(/non-printable/);
    expect(() => requireIdempotencyKey({ 'idempotency-key': 'café' })).toThrow(/non-ASCII/);
  });

  it('throws a 400 problem for a key sent twice (joined with a comma)', () => {
    expect(() => requireIdempotencyKey({ 'idempotency-key': 'key-a,key-b' })).toThrow(/sent more than once/);
  });

  it('accepts exactly 255 printable characters', () => {
    expect(requireIdempotencyKey({ 'idempotency-key': '~'.repeat(255) })).toHaveLength(255);
  });
});

describe('fingerprint', () => {
  it('ignores key order and whitespace', () => {
    expect(fingerprint({ a: 1, b: [{ x: 1, y: 2 }] })).toBe(
      fingerprint(JSON.parse('{ "b": [{"y":2,"x":1}], "a": 1 }')),
    );
  });

  it('tells different payloads apart', () => {
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
  });
});
