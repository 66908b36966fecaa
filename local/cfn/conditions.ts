import { IntrinsicError } from './errors.ts';
import { type ResolutionScope, resolveIntrinsics } from './intrinsics.ts';
import { isRecord } from './template.ts';

/**
 * Evaluates the named conditions of a template's `Conditions` section on demand, each once.
 * A condition may use `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Ref` to parameters and
 * pseudo parameters, `Fn::FindInMap`, and other conditions by name.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
 */
export function createConditions(
  definitions: Readonly<Record<string, unknown>>,
  scope: () => ResolutionScope,
): (name: string) => boolean {
  const values = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const evaluate = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(definitions, name)) {
      throw new IntrinsicError(`Condition ${name} is not defined in the template's Conditions section.`);
    }
    if (evaluating.has(name)) {
      throw new IntrinsicError(`Condition ${name} refers to itself through ${[...evaluating].join(' -> ')}.`);
    }
    evaluating.add(name);
    try {
      const definition = definitions[name];
      const result =
        isRecord(definition) &&
        Object.keys(definition).length === 1 &&
        typeof definition.Condition === 'string'
          ? evaluate(definition.Condition)
          : resolveIntrinsics(definition, scope());
      if (typeof result !== 'boolean' && result !== 'true' && result !== 'false') {
        throw new IntrinsicError(
          `Condition ${name} must evaluate to true or false, got ${JSON.stringify(result)}. ` +
            'Build it from Fn::Equals, Fn::Not, Fn::And or Fn::Or.',
        );
      }
      const value = result === true || result === 'true';
      values.set(name, value);
      return value;
    } finally {
      evaluating.delete(name);
    }
  };
  return evaluate;
}
