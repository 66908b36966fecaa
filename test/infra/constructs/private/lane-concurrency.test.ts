import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES, type PriorityLane } from '../../../../infra/constructs/priority-lanes.ts';
import { splitConcurrency, validateLanes } from '../../../../infra/constructs/private/lane-concurrency.ts';

describe('splitConcurrency', () => {
  it('splits by weight', () => {
    expect(splitConcurrency([3, 1], 20)).toEqual([15, 5]);
  });

  it('hands the leftover of the floors to the largest remainders, so the shares sum to the total', () => {
    expect(splitConcurrency([1, 1, 1], 10)).toEqual([4, 3, 3]);
  });

  it('gives a tiny weight the ESM minimum of 2, taken from the largest share', () => {
    expect(splitConcurrency([100, 1], 10)).toEqual([8, 2]);
  });

  it('gives every lane 2 when the total is exactly twice the lanes', () => {
    expect(splitConcurrency([5, 1, 1], 6)).toEqual([2, 2, 2]);
  });
});

describe('validateLanes', () => {
  const scope = () => new Construct(new Stack(undefined, 'S'), 'Lanes');
  const lane = (name: string, weight = 1): PriorityLane =>
    ({ ...DEFAULT_LANES[0], name, weight }) as PriorityLane;

  it('throws when there are no lanes', () => {
    expect(() => validateLanes(scope(), [], 10)).toThrow(
      "S/Lanes: lanes is empty. Give at least one lane, e.g. { name: 'urgent', weight: 1, ... }.",
    );
  });

  it('throws when a lane name is not lower-case', () => {
    expect(() => validateLanes(scope(), [lane('Urgent')], 10)).toThrow(
      "S/Lanes: lane name must be 1 to 32 lower-case letters, digits or '-', starting with a letter, got 'Urgent'. Rename the lane.",
    );
  });

  it('throws when two lanes share a name', () => {
    expect(() => validateLanes(scope(), [lane('a'), lane('a')], 10)).toThrow(
      "S/Lanes: lane 'a' is defined twice. Give each lane its own name.",
    );
  });

  it('throws when a weight is not positive', () => {
    expect(() => validateLanes(scope(), [lane('a', 0)], 10)).toThrow(
      "S/Lanes: lane 'a' has weight 0; weights must be positive numbers.",
    );
  });

  it('throws when the total cannot give every lane 2', () => {
    expect(() => validateLanes(scope(), [lane('a'), lane('b'), lane('c')], 5)).toThrow(
      'S/Lanes: totalConcurrency 5 cannot give 3 lanes at least 2 each (the event source mapping minimum). Raise totalConcurrency to 6 or more.',
    );
  });
});
