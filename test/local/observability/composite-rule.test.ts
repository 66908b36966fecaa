import { describe, expect, it } from 'vitest';
import type { AlarmState } from '../../../local/observability/alarm-state.ts';
import { parseCompositeRule } from '../../../local/observability/composite-rule.ts';

const states =
  (table: Record<string, AlarmState>) =>
  (alarm: string): AlarmState | undefined =>
    table[alarm];

describe('parseCompositeRule', () => {
  it('holds when any alarm of an OR is in ALARM', () => {
    const rule = parseCompositeRule('(ALARM("arn:a") OR ALARM("arn:b"))');

    expect(rule.holds(states({ 'arn:a': 'OK', 'arn:b': 'ALARM' }))).toBe(true);
    expect(rule.holds(states({ 'arn:a': 'OK', 'arn:b': 'OK' }))).toBe(false);
    expect(rule.alarms).toEqual(['arn:a', 'arn:b']);
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const rule = parseCompositeRule('ALARM(a) OR ALARM(b) AND NOT OK(c)');

    expect(rule.holds(states({ a: 'OK', b: 'ALARM', c: 'OK' }))).toBe(false);
    expect(rule.holds(states({ a: 'OK', b: 'ALARM', c: 'INSUFFICIENT_DATA' }))).toBe(true);
  });

  it('reads TRUE and FALSE', () => {
    expect(parseCompositeRule('TRUE AND NOT FALSE').holds(states({}))).toBe(true);
  });

  it('throws for a rule it cannot read', () => {
    expect(() => parseCompositeRule('ALARM("a") XOR ALARM("b")')).toThrow(/cannot be read: unexpected "XOR"/);
  });
});
