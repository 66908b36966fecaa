import { Annotations, type CfnResource } from 'aws-cdk-lib';
import type { StackResources } from './stack-resources.ts';

/** DynamoDB Streams allows at most two simultaneous readers per shard. */
export const MAX_READERS_PER_STREAM = 2;

type StreamMapping = CfnResource & {
  readonly maximumRetryAttempts?: number;
  readonly maximumRecordAgeInSeconds?: number;
  readonly bisectBatchOnFunctionError?: unknown;
};

/**
 * Checks a DynamoDB stream event source mapping for the dangerous defaults: unbounded retries and
 * record age (-1, so one bad record blocks its shard until the 24-hour trim) and bisect off.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
export function checkStreamMapping(resources: StackResources, mapping: StreamMapping): void {
  const path = mapping.node.path;
  const retries = resources.numberOf(mapping.maximumRetryAttempts);
  if (mapping.maximumRetryAttempts === undefined || retries === -1) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: DynamoDB stream mapping retries a failing batch without limit (MaximumRetryAttempts -1), blocking its shard for up to 24 hours. Fix: set retryAttempts (for example 10) and an onFailure destination.`,
    );
  }
  const age = resources.numberOf(mapping.maximumRecordAgeInSeconds);
  if (mapping.maximumRecordAgeInSeconds === undefined || age === -1) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: DynamoDB stream mapping keeps retrying records of any age (MaximumRecordAgeInSeconds -1). Fix: set maxRecordAge (for example 6 hours) so old records go to the onFailure destination.`,
    );
  }
  if (resources.booleanOf(mapping.bisectBatchOnFunctionError) !== true) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: DynamoDB stream mapping without BisectBatchOnFunctionError; one poison record fails its whole batch on every retry. Fix: set bisectBatchOnError: true.`,
    );
  }
}

/**
 * Fails when more than two event source mappings read the same table stream: the third reader is
 * throttled and every reader falls behind.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
 */
export function checkReadersPerStream(
  resources: StackResources,
  mappingsByStream: Map<string, CfnResource[]>,
): void {
  for (const [streamKey, mappings] of mappingsByStream) {
    if (mappings.length <= MAX_READERS_PER_STREAM) continue;
    const first = mappings[0];
    if (first === undefined) continue;
    const table = resources.referenced((first as CfnResource & { eventSourceArn?: string }).eventSourceArn);
    const streamName = table ? table.resource.node.path : streamKey;
    const paths = mappings.map((mapping) => mapping.node.path).join(', ');
    for (const mapping of mappings) {
      Annotations.of(mapping).addError(
        `[Ferry] ${mapping.node.path}: the stream of ${streamName} has ${mappings.length} event source mappings (${paths}); DynamoDB Streams serves at most ${MAX_READERS_PER_STREAM} readers per shard. Fix: fan out from one mapping (for example the outbox relay) instead of adding readers.`,
      );
    }
  }
}
