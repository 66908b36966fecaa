import { describe, expect, it } from 'vitest';
import { evaluateMetricMath } from '../../../local/observability/metric-math.ts';

describe('evaluateMetricMath', () => {
  it('evaluates the error-rate expression of the function alarms point by point', () => {
    const variables = { errors: [0, 1, undefined], invocations: [0, 4, undefined] };

    const values = evaluateMetricMath('IF(invocations > 0, 100 * errors / invocations, 0)', variables, 3);

    expect(values).toEqual([0, 25, undefined]);
  });

  it('follows operator precedence and parentheses', () => {
    expect(evaluateMetricMath('1 + 2 * 3 ^ 2 - (4 - 1)', {}, 1)).toEqual([16]);
  });

  it('replaces missing points with FILL and aggregates with MAX', () => {
    const variables = { a: [undefined, 2], b: [5, 1] };

    expect(evaluateMetricMath('FILL(a, 0)', variables, 2)).toEqual([0, 2]);
    expect(evaluateMetricMath('MAX(a, b)', variables, 2)).toEqual([5, 2]);
  });

  it('drops a point where IF has no else branch and the condition is false', () => {
    expect(evaluateMetricMath('IF(a > 1, a)', { a: [1, 3] }, 2)).toEqual([undefined, 3]);
  });

  it('throws for an unknown metric id', () => {
    expect(() => evaluateMetricMath('m9 * 2', {}, 1)).toThrow(/no metric with id m9/);
  });

  it('throws for an unsupported function', () => {
    expect(() => evaluateMetricMath('ANOMALY_DETECTION_BAND(m1)', { m1: [1] }, 1)).toThrow(
      /function ANOMALY_DETECTION_BAND is not supported/,
    );
  });
});
