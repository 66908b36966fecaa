import { IntrinsicError } from './errors.ts';
import { type PseudoParameters, pseudoParameter } from './pseudo-parameters.ts';
import { isRecord } from './template.ts';

/** What `Ref: AWS::NoValue` resolves to: the property (or list element) holding it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What the resolver asks the stack being provisioned. */
export interface ResolutionScope {
  readonly pseudo: PseudoParameters;
  /** Parameter values: overrides, else each parameter's `Default`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  /** The value of a named condition of the `Conditions` section. */
  condition(name: string): boolean;
  /** `Ref` of a resource: what its type documents (queue URL, table name, ...). */
  ref(logicalId: string): unknown;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** `Fn::ImportValue`: an export of another local stack. */
  importValue(exportName: string): unknown;
}

/** The single key of an intrinsic function object, or `undefined` for a plain object. */
export function intrinsicName(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  return key === 'Ref' || key?.startsWith('Fn::') ? key : undefined;
}

function fail(name: string, message: string, argument: unknown): never {
  throw new IntrinsicError(
    `${name} ${message}; got ${JSON.stringify(argument)}. Fix the template (or the CDK code).`,
  );
}

function asList(name: string, value: unknown, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    fail(name, `takes a list${length === undefined ? '' : ` of ${length}`}`, value);
  }
  return value;
}

function asText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(name, 'needs a string', value);
}

function asBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(name, 'needs a condition (true or false)', value);
}

/** `Ref` of a name: pseudo parameter, template parameter, else a resource. */
function ref(name: string, scope: ResolutionScope): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  const pseudo = pseudoParameter(name, scope.pseudo);
  if (pseudo !== undefined) return pseudo;
  if (name.startsWith('AWS::')) fail('Ref', 'names an unknown pseudo parameter', name);
  if (Object.hasOwn(scope.parameters, name)) return scope.parameters[name];
  return scope.ref(name);
}

function getAtt(argument: unknown, scope: ResolutionScope): unknown {
  if (typeof argument === 'string' && !argument.includes('.')) {
    fail('Fn::GetAtt', 'takes [logicalId, attribute] or "logicalId.attribute"', argument);
  }
  const parts =
    typeof argument === 'string'
      ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)]
      : asList('Fn::GetAtt', argument, 2);
  const [logicalId, attribute] = parts.map((part) => asText('Fn::GetAtt', resolveIntrinsics(part, scope)));
  if (!logicalId || !attribute) {
    fail('Fn::GetAtt', 'takes [logicalId, attribute] or "logicalId.attribute"', argument);
  }
  return scope.getAtt(logicalId, attribute);
}

/** `Fn::Sub`, both forms: `${Name}`, `${Res.Attr}`, `${AWS::Region}` and `${!Literal}`. */
function sub(argument: unknown, scope: ResolutionScope): string {
  const [template, variables = {}] = typeof argument === 'string' ? [argument] : asList('Fn::Sub', argument);
  const text = asText('Fn::Sub', template);
  if (!isRecord(variables)) fail('Fn::Sub', 'takes a variable map as its second element', argument);
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (Object.hasOwn(variables, name)) return asText('Fn::Sub', resolveIntrinsics(variables[name], scope));
    const dot = name.indexOf('.');
    const value = dot > 0 ? scope.getAtt(name.slice(0, dot), name.slice(dot + 1)) : ref(name, scope);
    return asText('Fn::Sub', value);
  });
}

function join(argument: unknown, scope: ResolutionScope): string {
  const [delimiter, list] = asList('Fn::Join', argument, 2);
  const items = asList('Fn::Join', resolveIntrinsics(list, scope));
  return items.map((item) => asText('Fn::Join', item)).join(asText('Fn::Join', delimiter));
}

function select(argument: unknown, scope: ResolutionScope): unknown {
  const [index, list] = asList('Fn::Select', argument, 2);
  const position = Number(resolveIntrinsics(index, scope));
  const items = asList('Fn::Select', resolveIntrinsics(list, scope));
  if (!Number.isInteger(position) || position < 0 || position >= items.length) {
    fail('Fn::Select', `index must be within 0..${items.length - 1}`, argument);
  }
  return items[position];
}

function findInMap(argument: unknown, scope: ResolutionScope): unknown {
  const [map, top, second] = asList('Fn::FindInMap', argument).map((part) =>
    asText('Fn::FindInMap', resolveIntrinsics(part, scope)),
  );
  const value = map && top && second ? scope.mappings[map]?.[top]?.[second] : undefined;
  if (value === undefined) fail('Fn::FindInMap', 'names no entry of Mappings', argument);
  return value;
}

/** A condition operand: a condition function, `{ Condition: name }`, or a boolean. */
function conditionOperand(name: string, value: unknown, scope: ResolutionScope): boolean {
  if (isRecord(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    return scope.condition(value.Condition);
  }
  return asBoolean(name, resolveIntrinsics(value, scope));
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

function call(name: string, argument: unknown, scope: ResolutionScope): unknown {
  switch (name) {
    case 'Ref':
      return ref(asText('Ref', argument), scope);
    case 'Fn::GetAtt':
      return getAtt(argument, scope);
    case 'Fn::Sub':
      return sub(argument, scope);
    case 'Fn::Join':
      return join(argument, scope);
    case 'Fn::Select':
      return select(argument, scope);
    case 'Fn::Split': {
      const [delimiter, source] = asList('Fn::Split', argument, 2);
      return asText('Fn::Split', resolveIntrinsics(source, scope)).split(asText('Fn::Split', delimiter));
    }
    case 'Fn::GetAZs': {
      const region = asText('Fn::GetAZs', resolveIntrinsics(argument, scope)) || scope.pseudo.region;
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::ImportValue':
      return scope.importValue(asText('Fn::ImportValue', resolveIntrinsics(argument, scope)));
    case 'Fn::FindInMap':
      return findInMap(argument, scope);
    case 'Fn::Base64':
      return Buffer.from(asText('Fn::Base64', resolveIntrinsics(argument, scope))).toString('base64');
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveIntrinsics(argument, scope));
    case 'Fn::Length':
      return asList('Fn::Length', resolveIntrinsics(argument, scope)).length;
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asList('Fn::If', argument, 3);
      return resolveIntrinsics(scope.condition(asText('Fn::If', condition)) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::Equals': {
      const [left, right] = asList('Fn::Equals', argument, 2).map((side) => resolveIntrinsics(side, scope));
      return scalarText(left) === scalarText(right);
    }
    case 'Fn::Not':
      return !conditionOperand(name, asList(name, argument, 1)[0], scope);
    case 'Fn::And':
      return asList(name, argument).every((operand) => conditionOperand(name, operand, scope));
    case 'Fn::Or':
      return asList(name, argument).some((operand) => conditionOperand(name, operand, scope));
    default:
      throw new IntrinsicError(
        `${name} is not supported by the local cloud. Use Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, ` +
          'Fn::Split, Fn::If, Fn::Equals/Not/And/Or, Fn::GetAZs, Fn::ImportValue, Fn::FindInMap or Fn::Base64.',
      );
  }
}

/**
 * Resolves every intrinsic function in a template value, depth first, to plain JSON. `AWS::NoValue`
 * removes the property or list element that holds it (at the top level it yields {@link NO_VALUE}).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export function resolveIntrinsics(value: unknown, scope: ResolutionScope): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, scope)).filter((item) => item !== NO_VALUE);
  }
  if (!isRecord(value)) return value;
  const name = intrinsicName(value);
  if (name !== undefined) return call(name, value[name], scope);
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const result = resolveIntrinsics(item, scope);
    if (result !== NO_VALUE) resolved[key] = result;
  }
  return resolved;
}
