/**
 * The part of EventBridge pattern syntax that Lambda event filtering uses, applied to a stream
 * record as Lambda sees it (`eventName`, `dynamodb.NewImage`...). A record passes a filter when
 * every field of the pattern matches; it passes the criteria when it passes any filter.
 *
 * Supported: exact values (strings, numbers, booleans, null) in arrays, nested objects, `prefix`,
 * `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` (value, list or prefix), `exists`,
 * `numeric` comparisons and `$or`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

/** A filter as the event source mapping's `FilterCriteria.Filters` holds it. */
export interface StreamFilter {
  /** The pattern, as JSON text. */
  readonly Pattern: string;
}

/** Most filters one event source mapping may have. */
export const MAX_FILTERS = 5;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses `filters` into patterns; throws naming the filter when one is not a JSON object or
 * there are more than {@link MAX_FILTERS}.
 */
export function parseFilters(filters: readonly StreamFilter[]): Record<string, unknown>[] {
  if (filters.length > MAX_FILTERS) {
    throw new TypeError(
      `An event source mapping takes at most ${MAX_FILTERS} filters, got ${filters.length}.`,
    );
  }
  return filters.map((filter, index) => {
    let pattern: unknown;
    try {
      pattern = JSON.parse(filter.Pattern);
    } catch (error) {
      throw new TypeError(`Filter ${index} is not valid JSON: ${filter.Pattern}`, { cause: error });
    }
    if (!isObject(pattern))
      throw new TypeError(`Filter ${index} must be a JSON object, got ${filter.Pattern}`);
    return pattern;
  });
}

/** True when `record` matches at least one of `patterns`, or there are none. */
export function matchesAnyFilter(record: unknown, patterns: readonly Record<string, unknown>[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(record, pattern));
}

/** True when `value` matches every field of `pattern`. */
export function matchesPattern(value: unknown, pattern: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      return Array.isArray(rule) && rule.some((branch) => isObject(branch) && matchesPattern(value, branch));
    }
    const present = isObject(value) && Object.hasOwn(value, key);
    const field = present ? (value as Record<string, unknown>)[key] : undefined;
    if (isObject(rule)) return present && matchesPattern(field, rule);
    if (!Array.isArray(rule)) return false;
    return rule.some((matcher) => matchesValue(field, present, matcher as Json));
  });
}

function matchesValue(field: unknown, present: boolean, matcher: Json): boolean {
  if (isObject(matcher)) return matchesOperator(field, present, matcher);
  if (!present) return false;
  const values = Array.isArray(field) ? field : [field];
  return values.some((value) => value === matcher);
}

function matchesOperator(field: unknown, present: boolean, operator: Record<string, Json>): boolean {
  if ('exists' in operator) return operator.exists === present;
  if (!present) return false;
  const values = Array.isArray(field) ? field : [field];
  return values.some((value) => operatorHolds(value, operator));
}

function operatorHolds(value: unknown, operator: Record<string, Json>): boolean {
  const [name, argument] = Object.entries(operator)[0] ?? [];
  switch (name) {
    case 'prefix':
      return typeof value === 'string' && typeof argument === 'string' && value.startsWith(argument);
    case 'suffix':
      return typeof value === 'string' && typeof argument === 'string' && value.endsWith(argument);
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        typeof argument === 'string' &&
        value.toLowerCase() === argument.toLowerCase()
      );
    case 'wildcard':
      return typeof value === 'string' && typeof argument === 'string' && wildcard(argument).test(value);
    case 'anything-but':
      return !anythingButExcludes(value, argument);
    case 'numeric':
      return typeof value === 'number' && Array.isArray(argument) && numericHolds(value, argument);
    default:
      return false;
  }
}

function anythingButExcludes(value: unknown, argument: Json | undefined): boolean {
  if (isObject(argument) && typeof argument.prefix === 'string') {
    return typeof value === 'string' && value.startsWith(argument.prefix);
  }
  const excluded: unknown[] = Array.isArray(argument) ? argument : [argument];
  return excluded.includes(value);
}

function numericHolds(value: number, conditions: Json[]): boolean {
  for (let index = 0; index + 1 < conditions.length; index += 2) {
    const bound = conditions[index + 1];
    if (typeof bound !== 'number') return false;
    const holds = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[String(conditions[index])];
    if (!holds) return false;
  }
  return true;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}
