import type { HttpApiRoute } from './http-api-definition.ts';

/** A route chosen for a request, with the values of its path variables. */
export interface RouteMatch {
  readonly route: HttpApiRoute;
  /** Decoded path variables; a greedy `{name+}` holds the rest of the path. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface CompiledRoute {
  readonly route: HttpApiRoute;
  readonly method: string;
  readonly segments: readonly Segment[];
  readonly greedy: boolean;
}

/** How specific a match is; compared element by element, lower wins. */
type Rank = readonly number[];

function compile(route: HttpApiRoute): CompiledRoute | undefined {
  if (route.routeKey === '$default') return undefined;
  const [method = '', path = ''] = route.routeKey.split(' ');
  const segments = path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const variable = /^\{(.+?)(\+?)\}$/.exec(part);
      if (!variable) return { kind: 'literal', text: part };
      return { kind: variable[2] ? 'greedy' : 'variable', name: variable[1] ?? '' };
    });
  return { route, method: method.toUpperCase(), segments, greedy: segments.at(-1)?.kind === 'greedy' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function matchPath(compiled: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  const fixed = compiled.greedy ? compiled.segments.length - 1 : compiled.segments.length;
  if (compiled.greedy ? parts.length <= fixed : parts.length !== fixed) return undefined;
  const parameters: Record<string, string> = {};
  for (let index = 0; index < fixed; index += 1) {
    const segment = compiled.segments[index];
    const part = parts[index] ?? '';
    if (segment?.kind === 'literal' && segment.text !== part) return undefined;
    if (segment?.kind === 'variable') {
      if (part === '') return undefined;
      parameters[segment.name] = safeDecode(part);
    }
  }
  const last = compiled.segments.at(-1);
  if (compiled.greedy && last?.kind === 'greedy') {
    const rest = parts.slice(fixed).join('/');
    if (rest === '') return undefined;
    parameters[last.name] = safeDecode(rest);
  }
  return parameters;
}

/**
 * Full matches beat greedy ones; a greedy route with the longer fixed prefix beats a shorter one;
 * then literal segments beat variables, left to right; then an exact method beats `ANY`.
 */
function rank(compiled: CompiledRoute): Rank {
  const fixed = compiled.segments.filter((segment) => segment.kind !== 'greedy');
  return [
    compiled.greedy ? 1 : 0,
    compiled.greedy ? -fixed.length : 0,
    ...fixed.map((segment) => (segment.kind === 'literal' ? 0 : 1)),
    compiled.method === 'ANY' ? 1 : 0,
  ];
}

function compareRanks(a: Rank, b: Rank): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Builds the route selection of an HTTP API: the most specific matching route wins, as API Gateway
 * selects it (full match first, then the longest greedy `{proxy+}` prefix, then `$default`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
 */
export function routeMatcher(
  routes: readonly HttpApiRoute[],
): (method: string, path: string) => RouteMatch | undefined {
  const compiled = routes
    .map(compile)
    .filter((route): route is CompiledRoute => route !== undefined)
    .sort((a, b) => compareRanks(rank(a), rank(b)));
  const fallback = routes.find((route) => route.routeKey === '$default');
  return (method, path) => {
    const parts = path.split('/').slice(1);
    const upper = method.toUpperCase();
    for (const candidate of compiled) {
      if (candidate.method !== 'ANY' && candidate.method !== upper) continue;
      const pathParameters = matchPath(candidate, parts);
      if (pathParameters) return { route: candidate.route, pathParameters };
    }
    return fallback ? { route: fallback, pathParameters: {} } : undefined;
  };
}
