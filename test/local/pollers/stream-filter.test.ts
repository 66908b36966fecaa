import { describe, expect, it } from 'vitest';
import { matchesAnyFilter, matchesPattern, parseFilters } from '../../../local/pollers/stream-filter.ts';

const insert = {
  eventName: 'INSERT',
  dynamodb: {
    NewImage: { ferryKind: { S: 'event' }, type: { S: 'OrderPlaced' }, total: { N: '12' } },
    SizeBytes: 120,
    tags: ['a', 'b'],
  },
};

describe('matchesPattern', () => {
  it('matches exact values in nested objects', () => {
    expect(
      matchesPattern(insert, {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { ferryKind: { S: ['event'] } } },
      }),
    ).toBe(true);
    expect(matchesPattern(insert, { eventName: ['MODIFY', 'REMOVE'] })).toBe(false);
  });

  it('matches any element of an array field', () => {
    expect(matchesPattern(insert, { dynamodb: { tags: ['b'] } })).toBe(true);
  });

  it('fails a pattern whose field is missing unless it asks for exists false', () => {
    expect(matchesPattern(insert, { dynamodb: { OldImage: { S: ['x'] } } })).toBe(false);
    expect(matchesPattern(insert, { dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
    expect(matchesPattern(insert, { dynamodb: { NewImage: [{ exists: true }] } })).toBe(true);
  });

  it('supports prefix, suffix, equals-ignore-case and wildcard', () => {
    const image = (rule: unknown) => ({ dynamodb: { NewImage: { type: { S: [rule] } } } });

    expect(matchesPattern(insert, image({ prefix: 'Order' }))).toBe(true);
    expect(matchesPattern(insert, image({ suffix: 'Placed' }))).toBe(true);
    expect(matchesPattern(insert, image({ 'equals-ignore-case': 'orderplaced' }))).toBe(true);
    expect(matchesPattern(insert, image({ wildcard: 'Ord*ced' }))).toBe(true);
    expect(matchesPattern(insert, image({ prefix: 'User' }))).toBe(false);
  });

  it('supports anything-but with a value, a list and a prefix', () => {
    expect(matchesPattern(insert, { eventName: [{ 'anything-but': 'REMOVE' }] })).toBe(true);
    expect(matchesPattern(insert, { eventName: [{ 'anything-but': ['INSERT', 'MODIFY'] }] })).toBe(false);
    expect(matchesPattern(insert, { eventName: [{ 'anything-but': { prefix: 'INS' } }] })).toBe(false);
  });

  it('supports numeric ranges', () => {
    expect(matchesPattern(insert, { dynamodb: { SizeBytes: [{ numeric: ['>', 100, '<=', 120] }] } })).toBe(
      true,
    );
    expect(matchesPattern(insert, { dynamodb: { SizeBytes: [{ numeric: ['<', 100] }] } })).toBe(false);
  });

  it('supports $or', () => {
    expect(
      matchesPattern(insert, { $or: [{ eventName: ['MODIFY'] }, { dynamodb: { SizeBytes: [120] } }] }),
    ).toBe(true);
  });
});

describe('matchesAnyFilter', () => {
  it('passes a record that matches one of several filters, and everything without filters', () => {
    const patterns = parseFilters([
      { Pattern: '{"eventName":["MODIFY"]}' },
      { Pattern: '{"eventName":["INSERT"]}' },
    ]);

    expect(matchesAnyFilter(insert, patterns)).toBe(true);
    expect(matchesAnyFilter(insert, [])).toBe(true);
  });
});

describe('parseFilters', () => {
  it('throws for a pattern that is not JSON', () => {
    expect(() => parseFilters([{ Pattern: '{' }])).toThrow(/Filter 0 is not valid JSON/);
  });

  it('throws for more than 5 filters', () => {
    expect(() => parseFilters(Array.from({ length: 6 }, () => ({ Pattern: '{}' })))).toThrow(
      /at most 5 filters/,
    );
  });
});
