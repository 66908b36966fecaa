import { Aspects, type CfnResource, type IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { checkRedrivePolicies, checkSqsMapping, isFifoQueue } from './queue-checks.ts';
import { StackResources } from './stack-resources.ts';
import { checkReadersPerStream, checkStreamMapping } from './stream-checks.ts';

/** Stacks already checked: the Aspect may be added to the app and to a stack, each stack runs once. */
const checkedStacks = new WeakSet<Stack>();

/**
 * A synth-time Aspect that fails synth (Annotations errors) on messaging misconfigurations, in
 * Ferry's constructs and in plain CDK alike: an SQS event source mapping without
 * `ReportBatchItemFailures`; a queue visibility timeout below 6 x (function timeout + batching
 * window); a FIFO source with a batch over 10 or a batching window; a DLQ of the other kind than its
 * source; a standard DLQ whose retention is not longer than its source's; a DynamoDB stream mapping
 * with unbounded retries or record age or bisect off; more than two mappings on one table stream.
 * It warns when `maxReceiveCount` is below 5. Each message names the resource path and the fix.
 *
 * Add it to the app (`Aspects.of(app).add(new MessagingChecks())`); Ferry's constructs add it to
 * their own stack. It reads L1 properties, so raw `addPropertyOverride` values are not seen.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export class MessagingChecks implements IAspect {
  /** Adds the checks to the stack that holds `scope`, once. */
  static applyTo(scope: IConstruct): void {
    const stack = Stack.of(scope);
    if (Aspects.of(stack).all.some((aspect) => aspect instanceof MessagingChecks)) return;
    Aspects.of(stack).add(new MessagingChecks());
  }

  visit(node: IConstruct): void {
    if (!Stack.isStack(node) || checkedStacks.has(node)) return;
    checkedStacks.add(node);
    const resources = new StackResources(node);
    checkRedrivePolicies(resources);
    checkEventSourceMappings(resources);
  }
}

function checkEventSourceMappings(resources: StackResources): void {
  const mappingsByStream = new Map<string, CfnResource[]>();
  for (const mapping of resources.ofType('AWS::Lambda::EventSourceMapping')) {
    const arn = (mapping as CfnResource & { eventSourceArn?: string }).eventSourceArn;
    const source = resources.referenced(arn);
    const literal = resources.resolve(arn);
    if (source?.resource.cfnResourceType === 'AWS::SQS::Queue') {
      checkSqsMapping(resources, mapping, source.resource, isFifoQueue(resources, source.resource));
    } else if (typeof literal === 'string' && literal.split(':')[2] === 'sqs') {
      checkSqsMapping(resources, mapping, undefined, literal.endsWith('.fifo'));
    } else if (
      isTableStream(source) ||
      (typeof literal === 'string' && literal.split(':')[2] === 'dynamodb' && literal.includes('/stream/'))
    ) {
      checkStreamMapping(resources, mapping);
      const key = JSON.stringify(literal);
      mappingsByStream.set(key, [...(mappingsByStream.get(key) ?? []), mapping]);
    }
  }
  checkReadersPerStream(resources, mappingsByStream);
}

function isTableStream(
  source: { readonly resource: CfnResource; readonly attribute?: string } | undefined,
): boolean {
  if (source === undefined || source.attribute !== 'StreamArn') return false;
  const type = source.resource.cfnResourceType;
  return type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable';
}
