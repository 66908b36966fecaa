import { describe, expect, it } from 'vitest';
import { type HttpApiRoute, routeMatcher } from '../../../local/apigateway/index.ts';

function routes(...routeKeys: string[]): HttpApiRoute[] {
  return routeKeys.map((routeKey) => ({
    routeKey,
    integration: { integrationId: routeKey, functionName: 'fn', timeoutMillis: 30_000 },
  }));
}

// The route set of API Gateway's own route-evaluation example.
const match = routeMatcher(
  routes('GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'),
);

describe('routeMatcher', () => {
  it('prefers a full literal match', () => {
    expect(match('GET', '/pets/dog/1')?.route.routeKey).toBe('GET /pets/dog/1');
  });

  it('prefers a full match with a path variable over a greedy one, and decodes the variable', () => {
    const result = match('GET', '/pets/dog/a%20b');

    expect(result?.route.routeKey).toBe('GET /pets/dog/{id}');
    expect(result?.pathParameters).toEqual({ id: 'a b' });
  });

  it('prefers the greedy route with the longest fixed prefix', () => {
    const result = match('GET', '/pets/cat/1');

    expect(result?.route.routeKey).toBe('GET /pets/{proxy+}');
    expect(result?.pathParameters).toEqual({ proxy: 'cat/1' });
  });

  it('falls back to ANY when no route has the method', () => {
    expect(match('POST', '/pets/dog/1')?.route.routeKey).toBe('ANY /{proxy+}');
  });

  it('sends what no route matches to $default', () => {
    expect(match('GET', '/')?.route.routeKey).toBe('$default');
  });

  it('prefers an exact method over ANY for the same path', () => {
    const byMethod = routeMatcher(routes('ANY /orders', 'POST /orders'));

    expect(byMethod('POST', '/orders')?.route.routeKey).toBe('POST /orders');
  });

  it('prefers a literal segment over a variable one', () => {
    const bySegment = routeMatcher(routes('GET /orders/{id}', 'GET /orders/latest'));

    expect(bySegment('GET', '/orders/latest')?.route.routeKey).toBe('GET /orders/latest');
  });

  it('finds no route when none matches and there is no $default', () => {
    const strict = routeMatcher(routes('GET /orders/{id}'));

    expect(strict('GET', '/orders')).toBeUndefined();
  });

  it('does not match an empty path variable', () => {
    const strict = routeMatcher(routes('GET /orders/{id}'));

    expect(strict('GET', '/orders/')).toBeUndefined();
  });
});
