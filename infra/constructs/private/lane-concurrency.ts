import type { IConstruct } from 'constructs';
import type { PriorityLane } from '../priority-lanes.ts';
import { checkInteger } from './validation.ts';

/**
 * The smallest `maxConcurrency` an SQS event source mapping accepts.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const MIN_LANE_CONCURRENCY = 2;
const LANE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Throws unless the lanes are named, weighted and fit in `total` at 2 each. */
export function validateLanes(scope: IConstruct, lanes: readonly PriorityLane[], total: number): void {
  const path = scope.node.path;
  if (lanes.length === 0) {
    throw new Error(
      `${path}: lanes is empty. Give at least one lane, e.g. { name: 'urgent', weight: 1, ... }.`,
    );
  }
  checkInteger(scope, 'totalConcurrency', total, MIN_LANE_CONCURRENCY, 1000 * lanes.length);
  const seen = new Set<string>();
  for (const lane of lanes) {
    if (!LANE_NAME.test(lane.name)) {
      throw new Error(
        `${path}: lane name must be 1 to 32 lower-case letters, digits or '-', starting with a letter, got '${lane.name}'. Rename the lane.`,
      );
    }
    if (seen.has(lane.name))
      throw new Error(`${path}: lane '${lane.name}' is defined twice. Give each lane its own name.`);
    seen.add(lane.name);
    if (!Number.isFinite(lane.weight) || lane.weight <= 0) {
      throw new Error(
        `${path}: lane '${lane.name}' has weight ${lane.weight}; weights must be positive numbers.`,
      );
    }
  }
  if (total < MIN_LANE_CONCURRENCY * lanes.length) {
    throw new Error(
      `${path}: totalConcurrency ${total} cannot give ${lanes.length} lanes at least ${MIN_LANE_CONCURRENCY} each (the event source mapping minimum). Raise totalConcurrency to ${MIN_LANE_CONCURRENCY * lanes.length} or more.`,
    );
  }
}

/**
 * Splits `total` by `weights` into whole shares of at least 2 that sum to `total`: each lane gets
 * the floor of its proportional share, the leftover goes to the largest remainders (earlier lanes
 * win ties), then lanes below 2 are raised by taking from the largest share. Callers validate
 * that `total >= 2 * weights.length`.
 */
export function splitConcurrency(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const shares = exact.map(Math.floor);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let leftover = total - shares.reduce((a, b) => a + b, 0);
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    shares[index] = (shares[index] ?? 0) + 1;
    leftover -= 1;
  }
  for (let index = 0; index < shares.length; index += 1) {
    while ((shares[index] ?? 0) < MIN_LANE_CONCURRENCY) {
      const largest = shares.indexOf(Math.max(...shares));
      shares[largest] = (shares[largest] ?? 0) - 1;
      shares[index] = (shares[index] ?? 0) + 1;
    }
  }
  return shares;
}
