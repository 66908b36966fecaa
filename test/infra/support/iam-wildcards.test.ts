import { describe, expect, it } from 'vitest';
import { wildcardFindings } from './iam-wildcards.ts';

const policy = (...Statement: unknown[]) => ({
  P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement } } },
});

describe('wildcardFindings', () => {
  it('flags a wildcard action', () => {
    expect(
      wildcardFindings(policy({ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:x:1:q' })),
    ).toEqual([{ resource: 'P', detail: 'wildcard action sqs:*' }]);
  });

  it('flags a star inside a joined resource ARN', () => {
    const resource = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['T', 'Arn'] }, '/index/*']] };

    expect(
      wildcardFindings(policy({ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: resource })),
    ).toEqual([{ resource: 'P', detail: 'wildcard resource /index/* for dynamodb:Query' }]);
  });

  it('accepts Resource * for the X-Ray trace upload actions only', () => {
    const xray = {
      Effect: 'Allow',
      Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      Resource: '*',
    };
    const list = { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' };

    expect(wildcardFindings(policy(xray, list))).toEqual([
      { resource: 'P', detail: 'wildcard resource * for dynamodb:ListStreams' },
    ]);
  });

  it('ignores Deny statements', () => {
    expect(wildcardFindings(policy({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }))).toEqual([]);
  });

  it('flags a role with a managed policy', () => {
    const role = {
      R: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/X'] } },
    };

    expect(wildcardFindings(role)).toEqual([
      { resource: 'R', detail: 'managed policies ["arn:aws:iam::aws:policy/X"]' },
    ]);
  });
});
