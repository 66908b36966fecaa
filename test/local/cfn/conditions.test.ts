import { describe, expect, it } from 'vitest';
import { createConditions, pseudoParameters, type ResolutionScope } from '../../../local/cfn/index.ts';

function conditionsOf(definitions: Record<string, unknown>): (name: string) => boolean {
  const scope: ResolutionScope = {
    pseudo: pseudoParameters('Shop', 'us-east-1'),
    parameters: { Env: 'prod' },
    mappings: {},
    condition: (name) => evaluate(name),
    ref: () => '',
    getAtt: () => '',
    importValue: () => '',
  };
  const evaluate = createConditions(definitions, () => scope);
  return evaluate;
}

describe('createConditions', () => {
  it('evaluates a condition built from Fn::Equals on a parameter', () => {
    const condition = conditionsOf({ IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } });

    expect(condition('IsProd')).toBe(true);
  });

  it('evaluates CDK metadata availability by region', () => {
    const condition = conditionsOf({
      Available: {
        'Fn::Or': [
          { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'af-south-1'] },
          { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        ],
      },
    });

    expect(condition('Available')).toBe(true);
  });

  it('evaluates a condition that names another condition', () => {
    const condition = conditionsOf({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsNotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    });

    expect(condition('IsNotProd')).toBe(false);
  });

  it('throws for a condition that is not defined', () => {
    const condition = conditionsOf({});

    expect(() => condition('Missing')).toThrow(/Condition Missing is not defined/);
  });

  it('throws for conditions that refer to each other in a cycle', () => {
    const condition = conditionsOf({
      A: { 'Fn::Not': [{ Condition: 'B' }] },
      B: { 'Fn::Not': [{ Condition: 'A' }] },
    });

    expect(() => condition('A')).toThrow(/refers to itself/);
  });

  it('throws for a condition that is not a boolean', () => {
    const condition = conditionsOf({ Odd: { Ref: 'Env' } });

    expect(() => condition('Odd')).toThrow(/must evaluate to true or false, got "prod"/);
  });
});
