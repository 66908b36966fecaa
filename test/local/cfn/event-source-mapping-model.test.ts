import { describe, expect, it } from 'vitest';
import { eventSourceMappingModels, functionNameOf, type ResolvedResource } from '../../../local/cfn/index.ts';

function mapping(properties: Record<string, unknown>): ResolvedResource {
  return {
    stackName: 'Shop',
    logicalId: 'Esm',
    type: 'AWS::Lambda::EventSourceMapping',
    effect: 'modelled',
    physicalId: 'uuid-1',
    ref: 'uuid-1',
    attributes: {},
    properties,
    metadata: {},
  };
}

describe('functionNameOf', () => {
  it.each([
    ['worker', 'worker'],
    ['arn:aws:lambda:us-east-1:000000000000:function:worker', 'worker'],
    ['arn:aws:lambda:us-east-1:000000000000:function:worker:live', 'worker'],
    ['000000000000:function:worker', 'worker'],
  ])('reads the function name from %s', (value, expected) => {
    expect(functionNameOf(value)).toBe(expected);
  });
});

describe('eventSourceMappingModels', () => {
  it('warns when the source is not a queue or stream of the local cloud', () => {
    const warnings: string[] = [];

    const [model] = eventSourceMappingModels(
      [mapping({ EventSourceArn: 'arn:aws:kinesis:us-east-1:0:stream/s', FunctionName: 'worker' })],
      (message) => warnings.push(message),
    );

    expect(model?.source).toEqual({ kind: 'unknown', arn: 'arn:aws:kinesis:us-east-1:0:stream/s' });
    expect(warnings).toEqual([
      expect.stringMatching(/Shop\/Esm .*not a queue or table stream of the local cloud/),
    ]);
  });

  it('reads Enabled: false as a disabled mapping', () => {
    const [model] = eventSourceMappingModels(
      [mapping({ EventSourceArn: 'x', FunctionName: 'f', Enabled: false })],
      () => {},
    );

    expect(model?.enabled).toBe(false);
  });
});
