import { describe, expect, it } from 'vitest';
import { type ResolutionScope, resolveIntrinsics } from '../../../local/cfn/index.ts';
import { pseudoParameters } from '../../../local/cfn/pseudo-parameters.ts';
import { parseDashboardBody } from '../../../local/observability/dashboard-model.ts';

// The shape CDK synthesizes: the body is a Fn::Join of JSON pieces and references.
const BODY = {
  'Fn::Join': [
    '',
    [
      '{"widgets":[{"type":"text","width":24,"height":1,"x":0,"y":0,"properties":{"markdown":"## Orders"}},',
      '{"type":"alarm","width":24,"height":2,"x":0,"y":1,"properties":{"title":"Alarm status","alarms":["',
      { 'Fn::GetAtt': ['DlqAlarm', 'Arn'] },
      '"]}},{"type":"metric","width":6,"height":6,"x":0,"y":3,"properties":{"view":"timeSeries","title":"DLQ","region":"',
      { Ref: 'AWS::Region' },
      '","metrics":[["AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","',
      { 'Fn::GetAtt': ['Dlq', 'QueueName'] },
      '",{"label":"depth","stat":"Maximum"}],[".","NumberOfMessagesSent",".",".",{"stat":"Sum","visible":false}],',
      '[{"expression":"m1 * 2","label":"double","id":"e1"}]],',
      '"annotations":{"horizontal":[{"label":"timeout","value":30}]},"period":60}}]}',
    ],
  ],
};

const scope: ResolutionScope = {
  pseudo: pseudoParameters('S', 'eu-west-1'),
  parameters: {},
  mappings: {},
  condition: () => true,
  ref: (id) => id,
  getAtt: (id, attribute) =>
    attribute === 'Arn' ? `arn:aws:cloudwatch:eu-west-1:000000000000:alarm:${id}` : `${id}-name`,
  importValue: () => undefined,
};

describe('parseDashboardBody', () => {
  it('reads the grid, titles and widget kinds of a resolved dashboard body', () => {
    const body = String(resolveIntrinsics(BODY, scope));

    const dashboard = parseDashboardBody('shop', body);

    expect(dashboard.widgets.map((w) => [w.type, w.x, w.y, w.width, w.height, w.title])).toEqual([
      ['text', 0, 0, 24, 1, ''],
      ['alarm', 0, 1, 24, 2, 'Alarm status'],
      ['metric', 0, 3, 6, 6, 'DLQ'],
    ]);
    expect(dashboard.widgets[0]?.markdown).toBe('## Orders');
    expect(dashboard.widgets[1]?.alarms).toEqual([
      'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:DlqAlarm',
    ]);
  });

  it('reads metric lines, repeating "." fields, hidden lines and expressions', () => {
    const body = String(resolveIntrinsics(BODY, scope));

    const metric = parseDashboardBody('shop', body).widgets[2];

    expect(metric?.queries).toEqual([
      {
        id: 'm0',
        metric: {
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensions: { QueueName: 'Dlq-name' },
        },
        stat: 'Maximum',
        label: 'depth',
        returnData: true,
      },
      {
        id: 'm1',
        metric: {
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesSent',
          dimensions: { QueueName: 'Dlq-name' },
        },
        stat: 'Sum',
        returnData: false,
      },
      { id: 'e1', expression: 'm1 * 2', label: 'double', returnData: true },
    ]);
    expect(metric?.periodSeconds).toBe(60);
    expect(metric?.horizontalAnnotations).toEqual([{ label: 'timeout', value: 30 }]);
  });

  it('throws when the body is not JSON', () => {
    expect(() => parseDashboardBody('shop', '{"widgets":')).toThrow(
      /Dashboard shop: the DashboardBody is not JSON/,
    );
  });
});
