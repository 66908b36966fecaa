import { App, Aspects, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { MessagingChecks } from './constructs/index.ts';
import { ExampleStack } from './example-stack.ts';
import { ShopStack } from './shop-stack.ts';

/**
 * The CDK app (`cdk.json` runs it with tsx). It builds the stacks and defines no resource itself.
 * Stacks are environment-agnostic, so `npx cdk synth` needs no AWS account; bundling uses the
 * local esbuild, so it needs no Docker. Synth fails on Ferry's messaging checks and on any
 * unacknowledged cdk-nag finding (AwsSolutions and Serverless packs).
 */
const app = new App();
Aspects.of(app).add(new MessagingChecks());
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

new ExampleStack(app, 'FerryExample', {
  description: 'Ferry example pipeline: outbox, queue consumer, priority lanes and dashboard',
});
new ShopStack(app, 'FerryShop', {
  description: 'Ferry reference shop: a synchronous HTTP API riding on queues, an outbox and priority lanes',
});
