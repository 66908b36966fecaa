import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  IdempotencyTable,
  MessageQueue,
  MessagingDashboard,
  OutboxRouteTarget,
  PriorityLanes,
  QueueConsumer,
  TransactionalOutbox,
} from './constructs/index.ts';
import { createFerryFunction } from './constructs/private/ferry-function.ts';

const entry = (name: string) => fileURLToPath(new URL(`../functions/${name}/handler.ts`, import.meta.url));

/** The shop's HTTP routes; all of them are served by one function (see functions/api). */
const ROUTES: readonly (readonly [HttpMethod, string])[] = [
  [HttpMethod.POST, '/orders'],
  [HttpMethod.GET, '/orders/{orderId}'],
  [HttpMethod.PUT, '/inventory/{sku}'],
  [HttpMethod.GET, '/inventory/{sku}'],
  [HttpMethod.POST, '/users'],
  [HttpMethod.GET, '/customers/{customerId}/notifications'],
  [HttpMethod.GET, '/payments/{orderId}'],
];

/**
 * The reference shop: a synchronous HTTP API riding on the asynchronous pipeline.
 * `POST /orders` writes the order and `OrderPlaced` through the outbox; the relay publishes it to
 * the orders FIFO queue (one group per order) where inventory is reserved, then `InventoryReserved`
 * to the payments queue, whose consumer charges with backoff and dead-letters what cannot succeed.
 * Final outcomes go to the urgent lane, every event to the routine lane. Tables are destroyed with
 * the stack: a reference app holds no data worth keeping.
 */
export class ShopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const removalPolicy = RemovalPolicy.DESTROY;
    const idempotency = new IdempotencyTable(this, 'Idempotency', { removalPolicy });
    const shop = new dynamodb.Table(this, 'ShopTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      removalPolicy,
    });
    const shopEnv = { SHOP_TABLE: shop.tableName };
    const outbox = new TransactionalOutbox(this, 'Outbox', { removalPolicy });

    // Ten receives on every queue of the pipeline, not five: with the consumers' backoff (base 2 s, cap 900 s, full jitter) they
    // span about 8 minutes on average, so a message outlives a dependency outage of a few minutes,
    // the redeliveries that kills and lost acks cost, and tok_flaky_3's three refusals, instead of
    // landing in the DLQ. With five, the reliability audit (docs/reliability.md) dead-lettered
    // flaky payments and notifications during DynamoDB restarts.
    const maxReceiveCount = 10;
    const orders = new MessageQueue(this, 'Orders', {
      fifo: true,
      maxReceiveCount,
      ageOfOldestMessageSlo: Duration.minutes(1),
    });
    const inventory = new QueueConsumer(this, 'Inventory', {
      queue: orders,
      entry: entry('inventory'),
      idempotencyTable: idempotency.table,
      environment: shopEnv,
      maxConcurrency: 10,
    });
    const payments = new MessageQueue(this, 'Payments', {
      maxReceiveCount,
      ageOfOldestMessageSlo: Duration.minutes(5),
    });
    const payment = new QueueConsumer(this, 'Payment', {
      queue: payments,
      entry: entry('payment'),
      idempotencyTable: idempotency.table,
      environment: shopEnv,
      maxConcurrency: 10,
    });
    const lanes = new PriorityLanes(this, 'Notifications', {
      entry: entry('notifier'),
      environment: shopEnv,
      totalConcurrency: 12,
      maxReceiveCount,
    });
    for (const lane of lanes.lanes) lane.consumer.lambdaFunction.addEnvironment('SHOP_LANE', lane.name);
    for (const fn of [
      inventory.lambdaFunction,
      payment.lambdaFunction,
      ...lanes.lanes.map((l) => l.consumer.lambdaFunction),
    ]) {
      shop.grantReadWriteData(fn);
    }
    for (const fn of [inventory.lambdaFunction, payment.lambdaFunction]) outbox.grantWriteEvents(fn);

    const lane = (name: string) => {
      const found = lanes.lanes.find((l) => l.name === name);
      if (!found) throw new Error(`PriorityLanes has no '${name}' lane`);
      return OutboxRouteTarget.queue(found.queue);
    };
    outbox.route('OrderPlaced', OutboxRouteTarget.queue(orders));
    outbox.route('InventoryReserved', OutboxRouteTarget.queue(payments));
    outbox.route('OrderConfirmed', lane('urgent'));
    outbox.route('OrderRejected', lane('urgent'));
    outbox.route('*', lane('routine'));

    const api = createFerryFunction(this, 'Api', {
      entry: entry('api'),
      handler: 'handler',
      description: 'The shop HTTP API',
      memorySize: 512,
      // Prefer: wait=20 plus the write: inside API Gateway's 30-second integration timeout.
      timeout: Duration.seconds(25),
      logRetention: logs.RetentionDays.TWO_WEEKS,
      tracing: lambda.Tracing.ACTIVE,
      environment: shopEnv,
    });
    shop.grantReadWriteData(api);
    outbox.grantWriteEvents(api);
    const httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Ferry shop API',
      createDefaultStage: false,
    });
    httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // A ceiling for the demo: the account default (10,000 rps) would let one client run up the bill.
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new logs.LogGroup(this, 'ApiAccessLogs', {
            retention: logs.RetentionDays.TWO_WEEKS,
            removalPolicy,
          }),
        ),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', api, { timeout: Duration.seconds(29) });
    for (const [method, path] of ROUTES) httpApi.addRoutes({ path, methods: [method], integration });
    acknowledgeApi(httpApi);

    const dashboard = new MessagingDashboard(this, 'Dashboard', {
      pipelineName: 'ferry-shop',
      components: [outbox, orders, inventory, payments, payment, lanes],
      runbook:
        'A message in a DLQ: see docs/operations.md. tok_down payments land in the payments DLQ by design.',
    });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
  }
}

function acknowledgeApi(api: HttpApi): void {
  Validations.of(api).acknowledge(
    {
      id: 'AwsSolutions-APIG1',
      reason:
        'Access logging is left to the team deploying the shop; the reference app keeps no logs bucket.',
    },
    { id: 'AwsSolutions-APIG4', reason: 'The reference shop is a public demo API without authentication.' },
  );
}
