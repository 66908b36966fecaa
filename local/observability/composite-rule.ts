import type { AlarmState } from './alarm-state.ts';

type Rule =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'state'; readonly state: AlarmState; readonly alarm: string }
  | { readonly kind: 'not'; readonly rule: Rule }
  | { readonly kind: 'and' | 'or'; readonly left: Rule; readonly right: Rule };

const TOKEN = /\s*(\(|\)|"[^"]*"|[A-Za-z_]+)/y;
const STATE_FUNCTIONS: Readonly<Record<string, AlarmState>> = {
  ALARM: 'ALARM',
  OK: 'OK',
  INSUFFICIENT_DATA: 'INSUFFICIENT_DATA',
};

/** A parsed `AlarmRule` of an `AWS::CloudWatch::CompositeAlarm`. */
export interface CompositeRule {
  /** The alarms (names or ARNs, as written) the rule reads. */
  readonly alarms: readonly string[];
  /** True when the rule holds for these states (looked up by name or ARN). */
  holds(stateOf: (alarm: string) => AlarmState | undefined): boolean;
}

/**
 * Parses a composite alarm rule: `ALARM(x)`, `OK(x)`, `INSUFFICIENT_DATA(x)`, `TRUE`, `FALSE`,
 * `NOT`, `AND`, `OR` and parentheses (NOT binds tightest, then AND, then OR).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
 */
export function parseCompositeRule(text: string): CompositeRule {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (!/^\s*$/.test(text.slice(TOKEN.lastIndex))) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw ruleError(text, `unexpected text at ${at}`);
    tokens.push(match[1]);
  }
  let position = 0;
  const alarms: string[] = [];
  const take = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw ruleError(text, 'it ends too early');
    return token;
  };
  const expect = (token: string): void => {
    if (take() !== token) throw ruleError(text, `expected ${token} at token ${position - 1}`);
  };
  const or = (): Rule => {
    let left = and();
    while (tokens[position]?.toUpperCase() === 'OR') {
      position += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Rule => {
    let left = not();
    while (tokens[position]?.toUpperCase() === 'AND') {
      position += 1;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Rule => {
    if (tokens[position]?.toUpperCase() !== 'NOT') return primary();
    position += 1;
    return { kind: 'not', rule: not() };
  };
  const primary = (): Rule => {
    const token = take();
    if (token === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    const upper = token.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'const', value: upper === 'TRUE' };
    const state = STATE_FUNCTIONS[upper];
    if (state === undefined) throw ruleError(text, `unknown ${JSON.stringify(token)}`);
    expect('(');
    const argument = take();
    expect(')');
    const alarm = argument.startsWith('"') ? argument.slice(1, -1) : argument;
    alarms.push(alarm);
    return { kind: 'state', state, alarm };
  };
  const rule = or();
  if (position !== tokens.length) throw ruleError(text, `unexpected ${JSON.stringify(tokens[position])}`);
  const holds = (node: Rule, stateOf: (alarm: string) => AlarmState | undefined): boolean => {
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'state':
        return stateOf(node.alarm) === node.state;
      case 'not':
        return !holds(node.rule, stateOf);
      case 'and':
        return holds(node.left, stateOf) && holds(node.right, stateOf);
      case 'or':
        return holds(node.left, stateOf) || holds(node.right, stateOf);
    }
  };
  return { alarms, holds: (stateOf) => holds(rule, stateOf) };
}

function ruleError(text: string, message: string): Error {
  return new Error(
    `Composite alarm rule ${JSON.stringify(text)} cannot be read: ${message}. Fix the AlarmRule (see PutCompositeAlarm).`,
  );
}
