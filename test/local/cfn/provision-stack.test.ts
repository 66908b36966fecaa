// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub templates, not JavaScript ones.
import { describe, expect, it } from 'vitest';
import { type CfnTemplate, provisionStack } from '../../../local/cfn/index.ts';
import { uniqueName } from '../../support/unique-name.ts';

function stackOf(template: CfnTemplate) {
  return { stackName: uniqueName('Unit'), template };
}

describe('provisionStack', () => {
  it('warns naming a resource type it cannot emulate, and still resolves its Ref', async () => {
    const stack = stackOf({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      },
      Outputs: { BucketName: { Value: { Ref: 'Bucket' } } },
    });

    const result = await provisionStack(stack);

    expect(result.warnings).toEqual([
      `${stack.stackName}/Bucket (AWS::S3::Bucket): this resource type is not emulated locally and is not created; anything that uses it will not work locally.`,
    ]);
    expect(result.outputs.BucketName).toMatch(new RegExp(`^${stack.stackName}-Bucket-[A-Z0-9]{12}$`));
  });

  it('lists accepted types such as IAM roles without a warning, with a well-formed ARN', async () => {
    const stack = stackOf({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'worker' } } },
      Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    });

    const result = await provisionStack(stack);

    expect(result.warnings).toEqual([]);
    expect(result.resources[0]?.effect).toBe('accepted');
    expect(result.outputs.RoleArn).toBe('arn:aws:iam::000000000000:role/worker');
  });

  it('skips a resource whose condition is false, and the outputs that depend on it', async () => {
    const stack = stackOf({
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { Alarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'IsProd', Properties: {} } },
      Outputs: { AlarmName: { Condition: 'IsProd', Value: { Ref: 'Alarm' } } },
    });

    const result = await provisionStack(stack);

    expect(result.resources).toEqual([]);
    expect(result.outputs).toEqual({});
  });

  it('takes parameter values from options over their defaults', async () => {
    const stack = stackOf({
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Resources: {
        Dash: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: { DashboardName: { 'Fn::Sub': 'shop-${Env}' } },
        },
      },
    });

    const result = await provisionStack(stack, { parameters: { Env: 'staging' } });

    expect(result.resources[0]?.ref).toBe('shop-staging');
  });

  it('ignores the CDK BootstrapVersion SSM parameter', async () => {
    const stack = stackOf({
      Parameters: {
        BootstrapVersion: {
          Type: 'AWS::SSM::Parameter::Value<String>',
          Default: '/cdk-bootstrap/hnb659fds/version',
        },
      },
      Resources: { Meta: { Type: 'AWS::CDK::Metadata', Properties: {} } },
    });

    const result = await provisionStack(stack);

    expect(result.resources.map((resource) => resource.logicalId)).toEqual(['Meta']);
  });

  it('resolves a dashboard body to a JSON string naming local resources', async () => {
    const stack = stackOf({
      Resources: {
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'orders-age' } },
        Dash: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: {
            DashboardBody: { 'Fn::Join': ['', ['{"alarm":"', { 'Fn::GetAtt': ['Alarm', 'Arn'] }, '"}']] },
          },
        },
      },
    });

    const result = await provisionStack(stack, { region: 'eu-central-1' });

    const body = result.resources.find((resource) => resource.logicalId === 'Dash')?.properties.DashboardBody;
    expect(JSON.parse(String(body))).toEqual({
      alarm: 'arn:aws:cloudwatch:eu-central-1:000000000000:alarm:orders-age',
    });
  });

  it('exports outputs with Export.Name and imports them with Fn::ImportValue', async () => {
    const exporting = stackOf({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'shared' } } },
      Outputs: {
        Arn: {
          Value: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Export: { Name: { 'Fn::Sub': '${AWS::StackName}-RoleArn' } },
        },
      },
    });
    const exported = await provisionStack(exporting);
    const importing = stackOf({
      Resources: {},
      Outputs: { Seen: { Value: { 'Fn::ImportValue': `${exporting.stackName}-RoleArn` } } },
    });

    const result = await provisionStack(importing, { imports: exported.exports });

    expect(result.outputs.Seen).toBe('arn:aws:iam::000000000000:role/shared');
  });

  it('throws for Fn::ImportValue of a name no earlier stack exports', async () => {
    const stack = stackOf({
      Resources: {},
      Outputs: { Seen: { Value: { 'Fn::ImportValue': 'Nobody-Exports' } } },
    });

    await expect(provisionStack(stack)).rejects.toThrow(
      /Fn::ImportValue Nobody-Exports: no stack provisioned before/,
    );
  });

  it('throws naming the resource when a Ref names nothing in the stack', async () => {
    const stack = stackOf({
      Resources: {
        Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: { Ref: 'Ghost' } } },
      },
    });

    await expect(provisionStack(stack)).rejects.toThrow(
      new RegExp(
        `${stack.stackName}/Dash \\(AWS::CloudWatch::Dashboard\\): Ghost is neither a parameter nor a resource`,
      ),
    );
  });

  it('throws for a parameter with no Default and no value', async () => {
    const stack = stackOf({ Parameters: { Secret: { Type: 'String' } }, Resources: {} });

    await expect(provisionStack(stack)).rejects.toThrow(
      /parameter Secret without a Default.*parameters: \{ Secret/,
    );
  });
});
