/** The three states of a CloudWatch alarm. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** `TreatMissingData` values. */
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

/** `ComparisonOperator` values with a static threshold. */
export const COMPARISONS = {
  GreaterThanThreshold: (value: number, threshold: number) => value > threshold,
  GreaterThanOrEqualToThreshold: (value: number, threshold: number) => value >= threshold,
  LessThanThreshold: (value: number, threshold: number) => value < threshold,
  LessThanOrEqualToThreshold: (value: number, threshold: number) => value <= threshold,
} as const;

/** A comparison operator this evaluator knows (anomaly detection bands are not emulated). */
export type ComparisonOperator = keyof typeof COMPARISONS;

/** What {@link nextAlarmState} needs about an alarm. */
export interface ThresholdRule {
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  /** `DatapointsToAlarm` (M). */
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

/** The state an evaluation led to and why, in CloudWatch's wording. */
export interface AlarmDecision {
  readonly state: AlarmState;
  readonly reason: string;
}

/**
 * Decides an alarm's state from the datapoints of its evaluation range (the last
 * `EvaluationPeriods` periods, oldest first; `undefined` is a missing datapoint): ALARM when at
 * least M datapoints breach ("M out of N"), else OK. Missing datapoints count as breaching
 * (`breaching`) or not (`notBreaching`); with `missing` they are left out and a range with no
 * datapoint at all goes to INSUFFICIENT_DATA; with `ignore` such a range keeps the current state.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export function nextAlarmState(
  datapoints: readonly (number | undefined)[],
  rule: ThresholdRule,
  current: AlarmState,
): AlarmDecision {
  const compare = COMPARISONS[rule.comparison];
  const present = datapoints.filter((value): value is number => value !== undefined);
  const missing = datapoints.length - present.length;
  const breachingPresent = present.filter((value) => compare(value, rule.threshold)).length;
  const breaching = breachingPresent + (rule.treatMissingData === 'breaching' ? missing : 0);
  const shown = `[${datapoints.map((value) => (value === undefined ? 'missing' : String(value))).join(', ')}]`;
  if (present.length === 0 && rule.treatMissingData === 'missing') {
    return { state: 'INSUFFICIENT_DATA', reason: `no datapoints in the last ${datapoints.length} periods` };
  }
  if (present.length === 0 && rule.treatMissingData === 'ignore') {
    return { state: current, reason: `no datapoints in the last ${datapoints.length} periods; state kept` };
  }
  const operator = rule.comparison.replace('Threshold', '');
  if (breaching >= rule.datapointsToAlarm) {
    return {
      state: 'ALARM',
      reason: `Threshold Crossed: ${breaching} out of the last ${datapoints.length} datapoints ${shown} were ${operator} the threshold (${rule.threshold})`,
    };
  }
  return {
    state: 'OK',
    reason: `Threshold Crossed: ${breaching} out of the last ${datapoints.length} datapoints ${shown} were ${operator} the threshold (${rule.threshold}); ${rule.datapointsToAlarm} needed to alarm`,
  };
}
