import { describe, expect, it } from 'vitest';
import { nextAlarmState, type ThresholdRule } from '../../../local/observability/alarm-state.ts';

const rule = (overrides: Partial<ThresholdRule> = {}): ThresholdRule => ({
  comparison: 'GreaterThanThreshold',
  threshold: 0,
  datapointsToAlarm: 2,
  treatMissingData: 'missing',
  ...overrides,
});

describe('nextAlarmState', () => {
  it('alarms when M of the N datapoints breach', () => {
    expect(nextAlarmState([1, 0, 3], rule(), 'OK').state).toBe('ALARM');
  });

  it('stays OK when fewer than M datapoints breach', () => {
    expect(nextAlarmState([1, 0, 0], rule(), 'ALARM').state).toBe('OK');
  });

  it('compares with the operator of the alarm', () => {
    const below = rule({ comparison: 'LessThanOrEqualToThreshold', threshold: 5, datapointsToAlarm: 1 });

    expect(nextAlarmState([5], below, 'OK').state).toBe('ALARM');
    expect(nextAlarmState([6], below, 'ALARM').state).toBe('OK');
  });

  it('counts missing datapoints as breaching with breaching', () => {
    expect(
      nextAlarmState([undefined, 1, undefined], rule({ treatMissingData: 'breaching' }), 'OK').state,
    ).toBe('ALARM');
  });

  it('counts missing datapoints as good with notBreaching', () => {
    const decision = nextAlarmState(
      [undefined, undefined, undefined],
      rule({ treatMissingData: 'notBreaching' }),
      'ALARM',
    );

    expect(decision.state).toBe('OK');
  });

  it('goes to INSUFFICIENT_DATA with missing when no datapoint is present', () => {
    expect(nextAlarmState([undefined, undefined], rule(), 'OK').state).toBe('INSUFFICIENT_DATA');
  });

  it('keeps the current state with ignore when no datapoint is present', () => {
    expect(nextAlarmState([undefined, undefined], rule({ treatMissingData: 'ignore' }), 'ALARM').state).toBe(
      'ALARM',
    );
  });

  it('says how many datapoints breached in the reason', () => {
    const decision = nextAlarmState([2, undefined, 4], rule(), 'OK');

    expect(decision.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [2, missing, 4] were GreaterThan the threshold (0)',
    );
  });
});
