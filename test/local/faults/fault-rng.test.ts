import { describe, expect, it } from 'vitest';
import { drawInvocationFault, FaultRng, validateFaultPlan } from '../../../local/faults/index.ts';

function draws(seed: number, stream: string, count: number): number[] {
  const rng = new FaultRng(seed);
  return Array.from({ length: count }, () => rng.next(stream));
}

describe('FaultRng', () => {
  it('draws the same numbers for the same seed', () => {
    expect(draws(42, 'invoke:Payment', 50)).toEqual(draws(42, 'invoke:Payment', 50));
  });

  it('draws other numbers for another seed', () => {
    expect(draws(42, 'invoke:Payment', 50)).not.toEqual(draws(43, 'invoke:Payment', 50));
  });

  it('keeps each stream independent of how others interleave with it', () => {
    const alone = draws(7, 'invoke:A', 20);
    const rng = new FaultRng(7);
    const interleaved: number[] = [];
    for (let i = 0; i < 20; i++) {
      rng.next('invoke:B');
      interleaved.push(rng.next('invoke:A'));
      rng.next('sdk:dynamodb');
    }

    expect(interleaved).toEqual(alone);
  });

  it('draws uniformly enough that a rate of 0.1 gives about 10%', () => {
    const rng = new FaultRng(1);

    const hits = Array.from({ length: 20_000 }, () => rng.chance('sdk:sqs', 0.1)).filter(Boolean).length;

    expect(hits / 20_000).toBeGreaterThan(0.09);
    expect(hits / 20_000).toBeLessThan(0.11);
  });

  it('throws on a seed that is not an integer', () => {
    expect(() => new FaultRng(1.5)).toThrow('seed must be a safe integer, got 1.5');
  });
});

describe('drawInvocationFault', () => {
  it('splits invocations among the faults at their rates, the same way for the same seed', () => {
    const plan = { seed: 9, killBeforeEffect: 0.2, lostAck: 0.2, timeout: 0.1 };
    const kinds = (seed: number) => {
      const rng = new FaultRng(seed);
      return Array.from({ length: 5_000 }, () => drawInvocationFault(rng, { ...plan, seed }, 'Fn').kind);
    };

    const first = kinds(9);
    const share = (kind: string) => first.filter((k) => k === kind).length / first.length;

    expect(kinds(9)).toEqual(first);
    expect(share('kill-before-effect')).toBeCloseTo(0.2, 1);
    expect(share('lost-ack')).toBeCloseTo(0.2, 1);
    expect(share('timeout')).toBeCloseTo(0.1, 1);
    expect(share('none')).toBeCloseTo(0.5, 1);
  });
});

describe('validateFaultPlan', () => {
  it('throws on a rate outside 0..1', () => {
    expect(() => validateFaultPlan({ seed: 1, lostAck: 1.5 })).toThrow(
      'faults.lostAck must be a probability from 0 to 1, got 1.5',
    );
  });

  it('throws when the per-invocation faults add up to more than 1', () => {
    expect(() => validateFaultPlan({ seed: 1, killBeforeEffect: 0.6, lostAck: 0.6 })).toThrow(
      'faults.killBeforeEffect + lostAck + timeout must be at most 1',
    );
  });

  it('throws on DynamoDB restarts without a persisted data folder', () => {
    expect(() => validateFaultPlan({ seed: 1, dynamoRestartEverySeconds: 30 })).toThrow(
      'faults.dynamoRestartEverySeconds needs persistDir',
    );
  });
});
