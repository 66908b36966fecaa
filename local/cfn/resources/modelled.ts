import { stableToken } from '../physical-name.ts';
import {
  type CreateContext,
  type ResourceKind,
  type ResourceState,
  stringProperty,
} from '../resource-kind.ts';

/** A lower-case id such as API Gateway gives APIs, routes and integrations (10 letters and digits). */
function shortId(context: CreateContext, length = 10): string {
  return stableToken(context.stackName, context.logicalId, length).toLowerCase();
}

/** A UUID-shaped id that stays the same across runs (event source mappings are named by UUID). */
function stableUuid(context: CreateContext): string {
  const hex = [...stableToken(context.stackName, context.logicalId, 32)]
    .map((char) => (char.charCodeAt(0) % 16).toString(16))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function modelled(create: (context: CreateContext) => ResourceState): ResourceKind {
  return { effect: 'modelled', create };
}

/**
 * `AWS::Lambda::Function`: Ref is the function name (`FunctionName`, else generated within 64
 * characters); attribute `Arn`. The local Lambda service runs it from the resolved model.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#aws-resource-lambda-function-return-values
 */
export const lambdaFunction = modelled((context) => {
  const name = stringProperty(context.properties, 'FunctionName') ?? context.generatedName({ maxLength: 64 });
  const { region, accountId } = context.pseudo;
  return {
    physicalId: name,
    ref: name,
    attributes: { Arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` },
  };
});

/**
 * `AWS::Lambda::EventSourceMapping`: Ref is the mapping's UUID; attributes `Id`, `EventSourceMappingArn`.
 * The pollers run it from the resolved model.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html
 */
export const eventSourceMapping = modelled((context) => {
  const id = stableUuid(context);
  const { region, accountId } = context.pseudo;
  const arn = `arn:aws:lambda:${region}:${accountId}:event-source-mapping:${id}`;
  return { physicalId: id, ref: id, attributes: { Id: id, EventSourceMappingArn: arn } };
});

/**
 * `AWS::ApiGatewayV2::Api`: Ref is the API id; `ApiEndpoint` is the local HTTP API's URL.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html
 */
export const httpApi = modelled((context) => {
  const id = shortId(context);
  return { physicalId: id, ref: id, attributes: { ApiId: id, ApiEndpoint: context.apiEndpoint } };
});

/** `AWS::ApiGatewayV2::Stage`: Ref is the stage name. */
export const httpApiStage = modelled((context) => {
  const name = stringProperty(context.properties, 'StageName') ?? '$default';
  return { physicalId: name, ref: name, attributes: {} };
});

/** An `AWS::ApiGatewayV2::*` child (Route, Integration, Deployment): Ref is its id, also as `<Kind>Id`. */
export function httpApiChild(attribute: string): ResourceKind {
  return modelled((context) => {
    const id = shortId(context, 7);
    return { physicalId: id, ref: id, attributes: { [attribute]: id } };
  });
}

/**
 * `AWS::CloudWatch::Alarm` / `CompositeAlarm`: Ref is the alarm name; attribute `Arn`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
 */
export const cloudWatchAlarm = modelled((context) => {
  const name = stringProperty(context.properties, 'AlarmName') ?? context.generatedName({ maxLength: 255 });
  const { region, accountId } = context.pseudo;
  return {
    physicalId: name,
    ref: name,
    attributes: { Arn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}` },
  };
});

/** `AWS::CloudWatch::Dashboard`: Ref is the dashboard name; the resolved `DashboardBody` is a string. */
export const cloudWatchDashboard = modelled((context) => {
  const name =
    stringProperty(context.properties, 'DashboardName') ?? context.generatedName({ maxLength: 255 });
  return { physicalId: name, ref: name, attributes: {} };
});
