import { stableToken } from '../physical-name.ts';
import {
  type CreateContext,
  type ResourceKind,
  type ResourceState,
  stringProperty,
} from '../resource-kind.ts';

function accepted(create: (context: CreateContext) => ResourceState): ResourceKind {
  return { effect: 'accepted', create };
}

function named(context: CreateContext, property: string, maxLength: number): string {
  return stringProperty(context.properties, property) ?? context.generatedName({ maxLength });
}

/** A resource whose Ref is a generated id and that has no attributes worth faking. */
export const plainAccepted = accepted((context) => {
  const id = context.generatedName({ maxLength: 128 });
  return { physicalId: id, ref: id, attributes: {} };
});

/** `AWS::IAM::Role`: no IAM locally; Ref is the role name, `Arn` and `RoleId` are fake but well formed. */
export const iamRole = accepted((context) => {
  const name = named(context, 'RoleName', 64);
  const path = stringProperty(context.properties, 'Path') ?? '/';
  const arn = `arn:aws:iam::${context.pseudo.accountId}:role${path}${name}`;
  const roleId = `AROA${stableToken(context.stackName, context.logicalId, 17)}`;
  return { physicalId: name, ref: name, attributes: { Arn: arn, RoleId: roleId } };
});

/** `AWS::IAM::ManagedPolicy`: Ref and `PolicyArn` are a fake policy ARN. */
export const iamManagedPolicy = accepted((context) => {
  const name = named(context, 'ManagedPolicyName', 128);
  const arn = `arn:aws:iam::${context.pseudo.accountId}:policy/${name}`;
  return { physicalId: arn, ref: arn, attributes: { PolicyArn: arn } };
});

/** `AWS::Logs::LogGroup`: Ref is the log group name; attribute `Arn`. Function logs go to the console. */
export const logGroup = accepted((context) => {
  const name = named(context, 'LogGroupName', 512);
  const { region, accountId } = context.pseudo;
  return {
    physicalId: name,
    ref: name,
    attributes: { Arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}:*` },
  };
});

/** `AWS::KMS::Key`: no encryption locally; Ref and `KeyId` are a key id, `Arn` its ARN. */
export const kmsKey = accepted((context) => {
  const hex = [...stableToken(context.stackName, context.logicalId, 32)]
    .map((char) => (char.charCodeAt(0) % 16).toString(16))
    .join('');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const { region, accountId } = context.pseudo;
  return {
    physicalId: id,
    ref: id,
    attributes: { KeyId: id, Arn: `arn:aws:kms:${region}:${accountId}:key/${id}` },
  };
});

/** `AWS::SSM::Parameter`: Ref is the name; attributes `Type` and `Value` echo the template. */
export const ssmParameter = accepted((context) => {
  const name = named(context, 'Name', 1011);
  return {
    physicalId: name,
    ref: name,
    attributes: { Type: context.properties.Type, Value: context.properties.Value },
  };
});

/** `AWS::Lambda::Version`: Ref is the version ARN (`<function arn>:1`); attributes `Version`, `FunctionArn`. */
export const lambdaVersion = accepted((context) => {
  const functionName = String(context.properties.FunctionName);
  const { region, accountId } = context.pseudo;
  const functionArn = functionName.startsWith('arn:')
    ? functionName
    : `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  const arn = `${functionArn}:1`;
  return { physicalId: arn, ref: arn, attributes: { Version: '1', FunctionArn: functionArn } };
});
