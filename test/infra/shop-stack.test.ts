import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessagingChecks } from '../../infra/constructs/index.ts';
import { ShopStack } from '../../infra/shop-stack.ts';
import { wildcardFindings } from './support/iam-wildcards.ts';
import { appWithoutBundling } from './support/test-app.ts';

describe('ShopStack', () => {
  let stack: ShopStack;
  let template: Template;

  beforeAll(() => {
    const app = appWithoutBundling();
    Aspects.of(app).add(new MessagingChecks());
    stack = new ShopStack(app, 'FerryShop');
    template = Template.fromStack(stack);
  });

  it('serves the seven public routes from one function with payload format 2.0', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );

    expect(routeKeys.sort()).toEqual([
      'GET /customers/{customerId}/notifications',
      'GET /inventory/{sku}',
      'GET /orders/{orderId}',
      'GET /payments/{orderId}',
      'POST /orders',
      'POST /users',
      'PUT /inventory/{sku}',
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 29_000,
    });
  });

  it('throttles and logs the API stage in JSON', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('gives every pipeline queue 10 receives before its DLQ', () => {
    const sources = Object.values(template.findResources('AWS::SQS::Queue')).filter(
      (queue) => queue.Properties.RedrivePolicy !== undefined,
    );
    // Orders, payments, the two notification lanes, and the outbox's on-failure queue (its own 5).
    const counts = sources.map((queue) => queue.Properties.RedrivePolicy.maxReceiveCount);
    expect(counts.filter((count: number) => count === 10)).toHaveLength(4);
  });

  it('reserves inventory from a FIFO queue; orders and payments get 10 receives before the DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: Match.absent(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 },
    });
  });

  it('routes every event to the routine lane and final outcomes to the urgent lane', () => {
    const relay = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) => fn.Properties.Environment?.Variables?.FERRY_OUTBOX_ROUTES,
    );
    const routes = JSON.stringify(relay?.Properties.Environment.Variables.FERRY_OUTBOX_ROUTES);

    for (const type of ['OrderPlaced', 'InventoryReserved', 'OrderConfirmed', 'OrderRejected', '*']) {
      expect(routes).toContain(type);
    }
  });

  it('tells each notifier which lane it serves', () => {
    const lanes = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((fn) => fn.Properties.Environment?.Variables?.SHOP_LANE)
      .filter(Boolean);

    expect(lanes.sort()).toEqual(['routine', 'urgent']);
  });

  it('reports batch item failures on every SQS mapping', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (m) => !m.Properties.StartingPosition,
    );

    expect(mappings.length).toBeGreaterThanOrEqual(5);
    for (const mapping of mappings)
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('outputs the API URL and the dashboard name', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('DashboardName', {});
  });

  it('passes Ferry messaging checks and has no unacknowledged cdk-nag finding', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
    expect(new ServerlessChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('grants no * action and no * resource beyond the documented exceptions', () => {
    expect(wildcardFindings(template.toJSON().Resources)).toEqual([]);
  });
});
