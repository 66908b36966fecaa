import { functionNameOf } from '../cfn/models/event-source-mapping-model.ts';
import type { ResolvedResource } from '../cfn/provision-stack.ts';

/**
 * The longest integration timeout an HTTP API allows (and its default).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const MAX_INTEGRATION_TIMEOUT_MILLIS = 30_000;

/** A Lambda proxy integration of an HTTP API route. */
export interface LambdaIntegration {
  readonly integrationId: string;
  readonly functionName: string;
  /** `TimeoutInMillis`, at most 30 000. */
  readonly timeoutMillis: number;
}

/** One route: `METHOD /path/{param}`, `ANY /x/{proxy+}` or `$default`. */
export interface HttpApiRoute {
  readonly routeKey: string;
  readonly integration: LambdaIntegration;
}

/** An `AWS::ApiGatewayV2::Api` (protocol HTTP) with its routes, integrations and stage, resolved. */
export interface HttpApiDefinition {
  readonly apiId: string;
  readonly name: string;
  /** `$default` serves at the root; any other stage name is the first path segment. */
  readonly stageName: string;
  readonly routes: readonly HttpApiRoute[];
}

/** The function an integration URI names: a function ARN, or an `arn:aws:apigateway:...:lambda:path/.../functions/<arn>/invocations` URI. */
function integrationFunction(uri: string): string {
  const invocation = /\/functions\/(.+)\/invocations$/.exec(uri);
  return functionNameOf(invocation?.[1] ?? uri);
}

function integrationOf(
  resource: ResolvedResource,
  warn: (message: string) => void,
): LambdaIntegration | undefined {
  const { properties } = resource;
  const where = `${resource.stackName}/${resource.logicalId} (AWS::ApiGatewayV2::Integration)`;
  if (properties.IntegrationType !== 'AWS_PROXY' || typeof properties.IntegrationUri !== 'string') {
    warn(
      `${where}: integration type ${String(properties.IntegrationType)} is not emulated; only Lambda proxy integrations are. Its routes answer 404.`,
    );
    return undefined;
  }
  if (String(properties.PayloadFormatVersion ?? '1.0') !== '2.0') {
    warn(
      `${where}: payload format ${String(properties.PayloadFormatVersion ?? '1.0')} is not emulated; the local HTTP API sends format 2.0.`,
    );
  }
  const timeout = Number(properties.TimeoutInMillis ?? MAX_INTEGRATION_TIMEOUT_MILLIS);
  return {
    integrationId: resource.ref,
    functionName: integrationFunction(properties.IntegrationUri),
    timeoutMillis: Math.min(Math.max(50, timeout), MAX_INTEGRATION_TIMEOUT_MILLIS),
  };
}

/**
 * Reads every HTTP API among provisioned resources: its routes (`Target: integrations/<id>`), their
 * Lambda proxy integrations and its stage. A quick-create API (`Target` on the Api) gets its
 * `$default` route. What the local HTTP API cannot serve is reported through `warn`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html
 */
export function httpApiDefinitions(
  resources: readonly ResolvedResource[],
  warn: (message: string) => void,
): HttpApiDefinition[] {
  const ofType = (type: string) =>
    resources.filter((resource) => resource.type === `AWS::ApiGatewayV2::${type}`);
  const apis = ofType('Api').filter((api) => String(api.properties.ProtocolType ?? 'HTTP') === 'HTTP');
  for (const api of ofType('Api')) {
    if (!apis.includes(api)) warn(`${api.stackName}/${api.logicalId}: WebSocket APIs are not emulated.`);
  }
  return apis.map((api) => {
    if (api.properties.Body !== undefined || api.properties.BodyS3Location !== undefined) {
      warn(
        `${api.stackName}/${api.logicalId}: an API defined by an OpenAPI body is not emulated; define routes as resources.`,
      );
    }
    const integrations = new Map(
      ofType('Integration')
        .filter((resource) => resource.properties.ApiId === api.ref)
        .map((resource) => [resource.ref, integrationOf(resource, warn)]),
    );
    const routes: HttpApiRoute[] = [];
    for (const route of ofType('Route').filter((resource) => resource.properties.ApiId === api.ref)) {
      const target = String(route.properties.Target ?? '');
      const integration = integrations.get(target.replace(/^integrations\//, ''));
      if (integration) routes.push({ routeKey: String(route.properties.RouteKey), integration });
      else if (!target)
        warn(
          `${route.stackName}/${route.logicalId}: route ${String(route.properties.RouteKey)} has no Target; it answers 404.`,
        );
    }
    if (typeof api.properties.Target === 'string') {
      const functionName = integrationFunction(api.properties.Target);
      const integration = {
        integrationId: `${api.ref}-quick`,
        functionName,
        timeoutMillis: MAX_INTEGRATION_TIMEOUT_MILLIS,
      };
      routes.push({ routeKey: String(api.properties.RouteKey ?? '$default'), integration });
    }
    const stages = ofType('Stage')
      .filter((stage) => stage.properties.ApiId === api.ref)
      .map((stage) => stage.ref);
    const stageName =
      stages.includes('$default') || stages.length === 0 ? '$default' : (stages[0] ?? '$default');
    if (stages.length > 1)
      warn(`${api.stackName}/${api.logicalId}: several stages; the local HTTP API serves only ${stageName}.`);
    return { apiId: api.ref, name: String(api.properties.Name ?? api.logicalId), stageName, routes };
  });
}
