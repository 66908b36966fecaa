import * as z from 'zod/mini';
import type { OutboxRoutes, OutboxTarget } from '../contract.ts';
import { describeIssues } from '../envelope.ts';
import { ConfigurationError } from '../errors.ts';

/** Route key that matches every event. */
export const ANY_EVENT = '*';
/** Prefix of route keys that match an aggregate type rather than an event type: `aggregate:order`. */
export const AGGREGATE_ROUTE_PREFIX = 'aggregate:';

const routesSchema = z.record(
  z.string().check(z.minLength(1)),
  z.array(
    z.object({
      kind: z.enum(['sqs', 'sns', 'eventbridge']),
      destination: z.string().check(z.minLength(1)),
      fifo: z.optional(z.boolean()),
    }),
  ),
);

/**
 * Parses `FERRY_OUTBOX_ROUTES`. Throws a {@link ConfigurationError} saying what is wrong when it
 * is not JSON or not a map of route key to targets.
 */
export function parseRoutes(json: string): OutboxRoutes {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigurationError(
      `Outbox routes are not valid JSON ('${json.slice(0, 200)}'); fix FERRY_OUTBOX_ROUTES.`,
      {
        cause: error,
      },
    );
  }
  const parsed = z.safeParse(routesSchema, value);
  if (!parsed.success) {
    throw new ConfigurationError(
      `Outbox routes must map a route key to a list of {kind, destination, fifo?} targets: ${describeIssues(parsed.error).join('; ')}. Fix FERRY_OUTBOX_ROUTES.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** A target's identity within a route table: kind and destination. */
export function targetKey(target: OutboxTarget): string {
  return `${target.kind}:${target.destination}`;
}

/**
 * The targets of an event: those routed for its type, for `aggregate:<its aggregate type>`, and
 * for `*` (every event), each once. Empty when nothing matches: the event is poison.
 */
export function resolveTargets(routes: OutboxRoutes, type: string, aggregateType: string): OutboxTarget[] {
  const found = new Map<string, OutboxTarget>();
  for (const key of [type, `${AGGREGATE_ROUTE_PREFIX}${aggregateType}`, ANY_EVENT]) {
    const targets = Object.hasOwn(routes, key) ? routes[key] : undefined;
    for (const target of targets ?? []) found.set(targetKey(target), target);
  }
  return [...found.values()];
}

/** A short, low-cardinality name for a target, for metric dimensions: kind and queue, topic or bus name. */
export function targetLabel(target: OutboxTarget): string {
  const name = target.destination.split(/[/:]/).pop() || target.destination;
  return `${target.kind}:${name}`;
}
