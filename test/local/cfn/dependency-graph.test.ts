// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub templates, not JavaScript ones.
import { describe, expect, it } from 'vitest';
import { type CfnResource, collectReferences, provisioningWaves } from '../../../local/cfn/index.ts';

describe('collectReferences', () => {
  it('finds Ref, Fn::GetAtt and Fn::Sub targets, skipping Sub variables and literals', () => {
    const value = {
      A: { Ref: 'Queue' },
      B: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      C: {
        'Fn::Sub': ['${Topic.TopicName}-${Local}-${!Literal}-${AWS::Region}', { Local: { Ref: 'Role' } }],
      },
      D: { 'Fn::GetAtt': 'Api.ApiEndpoint' },
    };

    expect([...collectReferences(value, new Set())].sort()).toEqual([
      'AWS::Region',
      'Api',
      'Queue',
      'Role',
      'Table',
      'Topic',
    ]);
  });
});

describe('provisioningWaves', () => {
  it('puts each resource after the resources it references or depends on', () => {
    const resources: Record<string, CfnResource> = {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Env: { Ref: 'Queue' } }, DependsOn: 'Role' },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
      },
      Dlq: { Type: 'AWS::SQS::Queue' },
      Role: { Type: 'AWS::IAM::Role' },
    };

    expect(provisioningWaves(resources)).toEqual([['Dlq', 'Role'], ['Queue'], ['Fn']]);
  });

  it('ignores references to parameters and pseudo parameters', () => {
    const resources: Record<string, CfnResource> = {
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: { 'Fn::Sub': '${Env}-${AWS::StackName}' } },
      },
    };

    expect(provisioningWaves(resources)).toEqual([['Queue']]);
  });

  it('throws when resources depend on each other in a cycle', () => {
    const resources: Record<string, CfnResource> = {
      A: { Type: 'X', Properties: { B: { Ref: 'B' } } },
      B: { Type: 'X', DependsOn: ['A'] },
    };

    expect(() => provisioningWaves(resources)).toThrow(/cycle: A, B/);
  });

  it('throws when DependsOn names no resource', () => {
    const resources: Record<string, CfnResource> = { A: { Type: 'X', DependsOn: 'Ghost' } };

    expect(() => provisioningWaves(resources)).toThrow(/A has DependsOn Ghost, which is not a resource/);
  });
});
