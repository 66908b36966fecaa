// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub templates, not JavaScript ones.
import { describe, expect, it } from 'vitest';
import {
  IntrinsicError,
  NO_VALUE,
  pseudoParameters,
  type ResolutionScope,
  resolveIntrinsics,
} from '../../../local/cfn/index.ts';

function scope(overrides: Partial<ResolutionScope> = {}): ResolutionScope {
  return {
    pseudo: pseudoParameters('Shop', 'eu-west-1'),
    parameters: { Env: 'dev', Zones: ['a', 'b'] },
    mappings: { Sizes: { dev: { Memory: 256 } } },
    condition: (name) => name === 'IsDev',
    ref: (id) => {
      if (id === 'Queue') return 'http://sqs.local/000000000000/shop-queue';
      throw new IntrinsicError(`no ${id}`);
    },
    getAtt: (id, attribute) => `${id}:${attribute}`,
    importValue: (name) => `imported-${name}`,
    ...overrides,
  };
}

describe('resolveIntrinsics', () => {
  it('resolves Ref of a resource through the scope', () => {
    expect(resolveIntrinsics({ Ref: 'Queue' }, scope())).toBe('http://sqs.local/000000000000/shop-queue');
  });

  it('resolves Ref of a parameter', () => {
    expect(resolveIntrinsics({ Ref: 'Env' }, scope())).toBe('dev');
  });

  it.each([
    ['AWS::Region', 'eu-west-1'],
    ['AWS::AccountId', '000000000000'],
    ['AWS::Partition', 'aws'],
    ['AWS::StackName', 'Shop'],
    ['AWS::URLSuffix', 'amazonaws.com'],
  ])('resolves the pseudo parameter %s', (name, expected) => {
    expect(resolveIntrinsics({ Ref: name }, scope())).toBe(expected);
  });

  it('removes a property whose value is AWS::NoValue', () => {
    const value = { Keep: 1, Drop: { Ref: 'AWS::NoValue' }, List: ['a', { Ref: 'AWS::NoValue' }] };

    expect(resolveIntrinsics(value, scope())).toEqual({ Keep: 1, List: ['a'] });
  });

  it('yields NO_VALUE for a top-level AWS::NoValue', () => {
    expect(resolveIntrinsics({ Ref: 'AWS::NoValue' }, scope())).toBe(NO_VALUE);
  });

  it('resolves Fn::GetAtt in list form', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Table', 'StreamArn'] }, scope())).toBe('Table:StreamArn');
  });

  it('resolves Fn::GetAtt in dotted string form, splitting at the first dot', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': 'Db.Endpoint.Address' }, scope())).toBe('Db:Endpoint.Address');
  });

  it('joins a list with a delimiter, resolving each element', () => {
    const value = { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'sqs', { Ref: 'AWS::Region' }]] };

    expect(resolveIntrinsics(value, scope())).toBe('arn:aws:sqs:eu-west-1');
  });

  it('substitutes pseudo parameters, parameters, resources and attributes in Fn::Sub', () => {
    const value = { 'Fn::Sub': '${AWS::Region}/${Env}/${Queue}/${Table.Arn}' };

    expect(resolveIntrinsics(value, scope())).toBe(
      'eu-west-1/dev/http://sqs.local/000000000000/shop-queue/Table:Arn',
    );
  });

  it('prefers the variable map of Fn::Sub and keeps ${!Literal} as ${Literal}', () => {
    const value = { 'Fn::Sub': ['${Env}-${Name}-${!Keep}', { Name: { Ref: 'AWS::StackName' } }] };

    expect(resolveIntrinsics(value, scope())).toBe('dev-Shop-${Keep}');
  });

  it('selects an element by index, also given as a string', () => {
    expect(resolveIntrinsics({ 'Fn::Select': ['1', ['x', 'y', 'z']] }, scope())).toBe('y');
  });

  it('throws when Fn::Select is out of range', () => {
    expect(() => resolveIntrinsics({ 'Fn::Select': [3, ['x']] }, scope())).toThrow(
      /index must be within 0\.\.0/,
    );
  });

  it('splits a string with Fn::Split', () => {
    const value = { 'Fn::Split': ['/', { 'Fn::Sub': 'a/${Env}/c' }] };

    expect(resolveIntrinsics(value, scope())).toEqual(['a', 'dev', 'c']);
  });

  it('combines Fn::Select and Fn::Split as CDK does for ARN parts', () => {
    const value = { 'Fn::Select': [2, { 'Fn::Split': [':', 'arn:aws:sqs:eu-west-1:0:q'] }] };

    expect(resolveIntrinsics(value, scope())).toBe('sqs');
  });

  it('chooses the Fn::If branch by condition', () => {
    expect(resolveIntrinsics({ 'Fn::If': ['IsDev', 'small', 'large'] }, scope())).toBe('small');
    expect(resolveIntrinsics({ 'Fn::If': ['IsProd', 'small', 'large'] }, scope())).toBe('large');
  });

  it('evaluates Fn::Equals, Fn::Not, Fn::And and Fn::Or', () => {
    const equals = { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] };
    const value = {
      'Fn::And': [
        equals,
        { 'Fn::Not': [{ Condition: 'IsProd' }] },
        { 'Fn::Or': [{ Condition: 'IsDev' }, false] },
      ],
    };

    expect(resolveIntrinsics(value, scope())).toBe(true);
  });

  it('lists three availability zones of the region for Fn::GetAZs', () => {
    expect(resolveIntrinsics({ 'Fn::GetAZs': '' }, scope())).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
  });

  it('resolves Fn::ImportValue through the scope', () => {
    expect(resolveIntrinsics({ 'Fn::ImportValue': { 'Fn::Sub': '${Env}-Url' } }, scope())).toBe(
      'imported-dev-Url',
    );
  });

  it('looks a value up with Fn::FindInMap', () => {
    expect(resolveIntrinsics({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }, scope())).toBe(256);
  });

  it('resolves a CDK dashboard body to one JSON string', () => {
    const body = {
      'Fn::Join': [
        '',
        ['{"region":"', { Ref: 'AWS::Region' }, '","queue":"', { 'Fn::GetAtt': ['Q', 'QueueName'] }, '"}'],
      ],
    };

    expect(JSON.parse(String(resolveIntrinsics(body, scope())))).toEqual({
      region: 'eu-west-1',
      queue: 'Q:QueueName',
    });
  });

  it('throws for an intrinsic function it does not support', () => {
    expect(() => resolveIntrinsics({ 'Fn::Transform': {} }, scope())).toThrow(
      /Fn::Transform is not supported/,
    );
  });

  it('throws for an unknown pseudo parameter', () => {
    expect(() => resolveIntrinsics({ Ref: 'AWS::Nope' }, scope())).toThrow(/unknown pseudo parameter/);
  });

  it('throws when Fn::Join gets no list', () => {
    expect(() => resolveIntrinsics({ 'Fn::Join': [','] }, scope())).toThrow(/Fn::Join takes a list of 2/);
  });
});
