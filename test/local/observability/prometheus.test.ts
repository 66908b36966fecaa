import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../../local/observability/metric-store.ts';
import { prometheusName, toPrometheusText } from '../../../local/observability/prometheus.ts';

describe('toPrometheusText', () => {
  it('names a family after the namespace and metric in snake case', () => {
    expect(prometheusName('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toBe(
      'aws_sqs_approximate_number_of_messages_visible',
    );
  });

  it('writes a summary with sum and count and a gauge with the latest sample, labelled by dimension', () => {
    const store = new MetricStore();
    const id = { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: 'pay' } };
    store.record(id, 10, 1, 'Milliseconds');
    store.record(id, 30, 2, 'Milliseconds');

    const text = toPrometheusText(store.summaries());

    expect(text).toBe(
      [
        '# HELP aws_lambda_duration AWS/Lambda Duration (Milliseconds)',
        '# TYPE aws_lambda_duration summary',
        'aws_lambda_duration_sum{function_name="pay"} 40',
        'aws_lambda_duration_count{function_name="pay"} 2',
        '# HELP aws_lambda_duration_last AWS/Lambda Duration (Milliseconds), latest sample',
        '# TYPE aws_lambda_duration_last gauge',
        'aws_lambda_duration_last{function_name="pay"} 30',
        '',
      ].join('\n'),
    );
  });

  it('escapes quotes, backslashes and newlines in label values', () => {
    const store = new MetricStore();
    store.record({ namespace: 'N', metricName: 'M', dimensions: { Path: 'a"b\\c\nd' } }, 1, 1);

    const text = toPrometheusText(store.summaries());

    expect(text).toContain('n_m_sum{path="a\\"b\\\\c\\nd"} 1');
  });
});
