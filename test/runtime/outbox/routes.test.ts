import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../runtime/errors.ts';
import { parseRoutes, resolveTargets, targetLabel } from '../../../runtime/outbox/routes.ts';

const queue = { kind: 'sqs', destination: 'https://sqs.us-east-1.amazonaws.com/1/orders' } as const;
const bus = { kind: 'eventbridge', destination: 'shop-bus' } as const;

describe('parseRoutes', () => {
  it('reads a map of route key to targets', () => {
    expect(parseRoutes(JSON.stringify({ OrderPlaced: [queue] }))).toEqual({ OrderPlaced: [queue] });
  });

  it('throws a ConfigurationError when the routes are not JSON', () => {
    expect(() => parseRoutes('{nope')).toThrow(ConfigurationError);
  });

  it('throws a ConfigurationError naming the bad field of a target', () => {
    expect(() => parseRoutes(JSON.stringify({ OrderPlaced: [{ kind: 'kafka', destination: 'x' }] }))).toThrow(
      /OrderPlaced\.0\.kind/,
    );
  });
});

describe('resolveTargets', () => {
  it('joins the type, aggregate type and catch-all routes, each target once', () => {
    const routes = { OrderPlaced: [queue], 'aggregate:order': [bus], '*': [queue] };

    expect(resolveTargets(routes, 'OrderPlaced', 'order')).toEqual([queue, bus]);
  });

  it('finds nothing for an unrouted type', () => {
    expect(resolveTargets({ OrderPlaced: [queue] }, 'UserCreated', 'user')).toEqual([]);
  });

  it('does not treat inherited object keys as routes', () => {
    expect(resolveTargets({}, 'constructor', 'toString')).toEqual([]);
  });
});

describe('targetLabel', () => {
  it('names a target by kind and the last part of its destination', () => {
    expect(targetLabel(queue)).toBe('sqs:orders');
    expect(targetLabel({ kind: 'sns', destination: 'arn:aws:sns:us-east-1:1:events.fifo' })).toBe(
      'sns:events.fifo',
    );
    expect(targetLabel(bus)).toBe('eventbridge:shop-bus');
  });
});
