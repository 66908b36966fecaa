import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ALARM_PERIOD } from './alarms.ts';

/** Widgets are 24 units wide; four graphs fill a row. */
export const GRAPH_WIDTH = 6;
export const GRAPH_HEIGHT = 6;

/** A line graph over the given metrics, optionally with a labelled horizontal line (an SLO, a timeout). */
export function graph(
  title: string,
  metrics: readonly cloudwatch.IMetric[],
  line?: { readonly label: string; readonly value: number },
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left: [...metrics],
    leftAnnotations: line
      ? [{ label: line.label, value: line.value, color: cloudwatch.Color.RED }]
      : undefined,
    width: GRAPH_WIDTH,
    height: GRAPH_HEIGHT,
    period: ALARM_PERIOD,
  });
}
