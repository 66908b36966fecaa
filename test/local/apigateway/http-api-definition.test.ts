import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpApiDefinition,
  httpApiDefinitions,
  startHttpApiServer,
} from '../../../local/apigateway/index.ts';
import { type ProvisionedStack, provisionStack } from '../../../local/cfn/index.ts';
import { synthStack } from '../support/synth-app.ts';

let provisioned: ProvisionedStack;
let definitions: HttpApiDefinition[];
const warnings: string[] = [];

beforeAll(async () => {
  const stack = synthStack((s) => {
    const fn = (id: string) =>
      new lambda.Function(s, id, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      });
    const api = new apigateway.HttpApi(s, 'Api');
    api.addRoutes({
      path: '/orders/{id}',
      methods: [apigateway.HttpMethod.GET],
      integration: new integrations.HttpLambdaIntegration('GetOrder', fn('GetOrderFn'), {
        timeout: Duration.seconds(5),
      }),
    });
    api.addRoutes({
      path: '/{proxy+}',
      methods: [apigateway.HttpMethod.ANY],
      integration: new integrations.HttpLambdaIntegration('Catch', fn('CatchFn')),
    });
    api.addRoutes({
      path: '/legacy',
      methods: [apigateway.HttpMethod.GET],
      integration: new integrations.HttpUrlIntegration('Legacy', 'https://example.com'),
    });
  });
  provisioned = await provisionStack(stack, { apiEndpoint: 'http://127.0.0.1:3999' });
  definitions = httpApiDefinitions(provisioned.resources, (message) => warnings.push(message));
});

function functionName(logicalIdPrefix: string): string | undefined {
  return provisioned.resources.find(
    (r) => r.type === 'AWS::Lambda::Function' && r.logicalId.startsWith(logicalIdPrefix),
  )?.ref;
}

describe('httpApiDefinitions', () => {
  it('reads the routes of an HTTP API with the function each one invokes', () => {
    const routes = definitions[0]?.routes.map((route) => [route.routeKey, route.integration.functionName]);

    expect(routes).toEqual([
      ['GET /orders/{id}', functionName('GetOrderFn')],
      ['ANY /{proxy+}', functionName('CatchFn')],
    ]);
  });

  it('takes the integration timeout from TimeoutInMillis, 30 s by default', () => {
    expect(definitions[0]?.routes.map((route) => route.integration.timeoutMillis)).toEqual([5_000, 30_000]);
  });

  it('serves the $default stage CDK creates', () => {
    expect(definitions[0]?.stageName).toBe('$default');
  });

  it('resolves GetAtt ApiEndpoint to the local URL', () => {
    const api = provisioned.resources.find((resource) => resource.type === 'AWS::ApiGatewayV2::Api');

    expect(api?.attributes.ApiEndpoint).toBe('http://127.0.0.1:3999');
  });

  it('warns about an integration that is not a Lambda proxy', () => {
    expect(warnings).toEqual([
      expect.stringMatching(/integration type HTTP_PROXY is not emulated.*answer 404/),
    ]);
  });

  it('routes a request to the function of its route when served', async () => {
    const called: string[] = [];
    const server = await startHttpApiServer({
      ...(definitions[0] ? { api: definitions[0] } : {}),
      invoke: async (name) => {
        called.push(name);
        return { statusCode: 200, body: 'ok' };
      },
      port: 0,
    });

    await fetch(`${server.url}/orders/9`);
    await fetch(`${server.url}/anything/else`, { method: 'DELETE' });
    await server.close();

    expect(called).toEqual([functionName('GetOrderFn'), functionName('CatchFn')]);
  });
});
