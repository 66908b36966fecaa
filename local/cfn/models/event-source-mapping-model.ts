import type { ResolvedResource } from '../provision-stack.ts';

/** The queue or stream an event source mapping reads, located among the provisioned resources. */
export type EventSource =
  | { readonly kind: 'sqs'; readonly queueArn: string; readonly queueUrl: string; readonly queueName: string }
  | { readonly kind: 'dynamodb-stream'; readonly streamArn: string; readonly tableName: string }
  | { readonly kind: 'unknown'; readonly arn: string };

/**
 * An `AWS::Lambda::EventSourceMapping`, resolved: the pollers configure themselves from `properties`
 * (CloudFormation names: `BatchSize`, `MaximumBatchingWindowInSeconds`, `ScalingConfig`,
 * `FilterCriteria`, `FunctionResponseTypes`, `BisectBatchOnFunctionError`, `MaximumRetryAttempts`,
 * `MaximumRecordAgeInSeconds`, `DestinationConfig`, `StartingPosition`, `ParallelizationFactor`, ...).
 */
export interface EventSourceMappingModel {
  readonly stackName: string;
  readonly logicalId: string;
  /** The mapping's UUID (its Ref). */
  readonly uuid: string;
  /** The function it invokes, as a name (an ARN or partial ARN in the template is reduced to it). */
  readonly functionName: string;
  readonly eventSourceArn: string;
  readonly source: EventSource;
  /** `Enabled`, default true. */
  readonly enabled: boolean;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * The function name in a `FunctionName` that may be a name, a function ARN or a partial ARN
 * (`123456789012:function:name`), with or without a version or alias qualifier.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-functionname
 */
export function functionNameOf(value: string): string {
  const marker = ':function:';
  const at = value.indexOf(marker);
  const rest = at === -1 ? value : value.slice(at + marker.length);
  return rest.split(':')[0] ?? rest;
}

function locateSource(arn: string, resources: readonly ResolvedResource[]): EventSource {
  const queue = resources.find((r) => r.type === 'AWS::SQS::Queue' && r.attributes.Arn === arn);
  if (queue) {
    return { kind: 'sqs', queueArn: arn, queueUrl: queue.ref, queueName: String(queue.attributes.QueueName) };
  }
  const table = resources.find(
    (r) =>
      (r.type === 'AWS::DynamoDB::Table' || r.type === 'AWS::DynamoDB::GlobalTable') &&
      r.attributes.StreamArn === arn,
  );
  if (table) return { kind: 'dynamodb-stream', streamArn: arn, tableName: table.ref };
  return { kind: 'unknown', arn };
}

/**
 * Builds the model of every `AWS::Lambda::EventSourceMapping`, locating its queue or table stream
 * among all provisioned resources (any stack). A source the local cloud did not create is reported.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html
 */
export function eventSourceMappingModels(
  resources: readonly ResolvedResource[],
  warn: (message: string) => void,
): EventSourceMappingModel[] {
  return resources
    .filter((resource) => resource.type === 'AWS::Lambda::EventSourceMapping')
    .map((resource) => {
      const { properties } = resource;
      const eventSourceArn = String(properties.EventSourceArn ?? '');
      const source = locateSource(eventSourceArn, resources);
      if (source.kind === 'unknown') {
        warn(
          `${resource.stackName}/${resource.logicalId} (AWS::Lambda::EventSourceMapping): its source ` +
            `${eventSourceArn || '(none)'} is not a queue or table stream of the local cloud, so nothing polls it.`,
        );
      }
      return {
        stackName: resource.stackName,
        logicalId: resource.logicalId,
        uuid: resource.ref,
        functionName: functionNameOf(String(properties.FunctionName ?? '')),
        eventSourceArn,
        source,
        enabled: String(properties.Enabled ?? true) !== 'false',
        properties,
      };
    });
}
