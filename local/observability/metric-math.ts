/** A series aligned on period buckets; `undefined` is a missing datapoint. */
export type Series = readonly (number | undefined)[];

type Node =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] };

const TOKEN = /\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[-+*/^(),<>])/y;
// Loosest first; each level binds tighter than the one before.
const LEVELS: readonly (readonly string[])[] = [
  ['OR', '||'],
  ['AND', '&&'],
  ['==', '!=', '>', '<', '>=', '<='],
  ['+', '-'],
  ['*', '/'],
  ['^'],
];

function fail(expression: string, message: string): never {
  throw new Error(
    `Metric math ${JSON.stringify(expression)}: ${message}. Local evaluation supports numbers, metric ids, + - * / ^, comparisons, AND, OR, NOT, IF, FILL, ABS, MIN, MAX, SUM and AVG.`,
  );
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match?.[1]) fail(expression, `unexpected text at ${at}`);
    tokens.push(match[1]);
  }
  return tokens;
}

/** Parses a CloudWatch metric math expression into a tree. */
function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      fail(expression, `expected ${expected ?? 'more'} at token ${position}`);
    }
    position += 1;
    return token;
  };
  const level = (index: number): Node => {
    const ops = LEVELS[index];
    if (ops === undefined) return unary();
    let left = level(index + 1);
    while (ops.includes(peek() ?? '')) {
      const op = take();
      left = { kind: 'binary', op, left, right: level(index + 1) };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === '-' || peek() === 'NOT') {
      const op = take();
      return { kind: 'unary', op, operand: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = level(0);
      take(')');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) fail(expression, `unexpected ${JSON.stringify(token)}`);
    if (peek() !== '(') return { kind: 'id', name: token };
    take('(');
    const args: Node[] = [];
    while (peek() !== ')') {
      args.push(level(0));
      if (peek() === ',') take(',');
      else if (peek() !== ')') fail(expression, `expected , or ) in ${token}()`);
    }
    take(')');
    return { kind: 'call', name: token.toUpperCase(), args };
  };
  const tree = level(0);
  if (position !== tokens.length) fail(expression, `unexpected ${JSON.stringify(peek())}`);
  return tree;
}

function binary(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return a ** b;
    case '>':
      return Number(a > b);
    case '<':
      return Number(a < b);
    case '>=':
      return Number(a >= b);
    case '<=':
      return Number(a <= b);
    case '==':
      return Number(a === b);
    case '!=':
      return Number(a !== b);
    case 'AND':
    case '&&':
      return Number(a !== 0 && b !== 0);
    default:
      return Number(a !== 0 || b !== 0);
  }
}

function aggregate(name: string, values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  if (name === 'MIN') return Math.min(...values);
  if (name === 'MAX') return Math.max(...values);
  const sum = values.reduce((total, value) => total + value, 0);
  return name === 'SUM' ? sum : sum / values.length;
}

/**
 * Evaluates a metric math expression point by point over aligned series, as CloudWatch does for
 * the functions supported here: arithmetic on a missing datapoint is missing (use FILL to replace
 * it), `IF(condition, a, b)` picks per point (a missing `b` drops the point), and MIN, MAX, SUM and
 * AVG aggregate their arguments per point, ignoring missing ones.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
export function evaluateMetricMath(
  expression: string,
  variables: Readonly<Record<string, Series>>,
  length: number,
): (number | undefined)[] {
  const tree = parse(expression);
  const at = (node: Node, index: number): number | undefined => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'id': {
        const series = variables[node.name];
        if (series === undefined) fail(expression, `no metric with id ${node.name}`);
        return series[index];
      }
      case 'unary': {
        const value = at(node.operand, index);
        if (value === undefined) return undefined;
        return node.op === '-' ? -value : Number(value === 0);
      }
      case 'binary': {
        const left = at(node.left, index);
        const right = at(node.right, index);
        return left === undefined || right === undefined ? undefined : binary(node.op, left, right);
      }
      case 'call':
        return call(node, index);
    }
  };
  const call = (node: Extract<Node, { kind: 'call' }>, index: number): number | undefined => {
    const [first, second, third] = node.args;
    switch (node.name) {
      case 'IF': {
        if (first === undefined || second === undefined) fail(expression, 'IF takes (condition, a[, b])');
        const condition = at(first, index);
        if (condition === undefined) return undefined;
        if (condition !== 0) return at(second, index);
        return third === undefined ? undefined : at(third, index);
      }
      case 'FILL': {
        if (first === undefined || second === undefined) fail(expression, 'FILL takes (series, value)');
        return at(first, index) ?? at(second, index);
      }
      case 'ABS': {
        if (first === undefined) fail(expression, 'ABS takes (series)');
        const value = at(first, index);
        return value === undefined ? undefined : Math.abs(value);
      }
      case 'MIN':
      case 'MAX':
      case 'SUM':
      case 'AVG': {
        const values = node.args.map((arg) => at(arg, index)).filter((v): v is number => v !== undefined);
        return aggregate(node.name, values);
      }
      default:
        return fail(expression, `function ${node.name} is not supported`);
    }
  };
  return Array.from({ length }, (_, index) => {
    const value = at(tree, index);
    return value === undefined || !Number.isFinite(value) ? undefined : value;
  });
}
