import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import type { EventSourceMappingModel, ResolvedResource } from '../cfn/index.ts';
import { DynamoDbStreamPoller } from '../pollers/dynamodb-stream-poller.ts';
import { sqsOnFailureDestination } from '../pollers/on-failure-record.ts';
import { SqsPoller } from '../pollers/sqs-poller.ts';
import type { StreamFilter } from '../pollers/stream-filter.ts';

/** A started event source mapping. */
export interface RunningMapping {
  readonly model: EventSourceMappingModel;
  readonly stats: object;
  stop(): Promise<void>;
}

type Invoke = (functionName: string, event: unknown) => Promise<unknown>;

/**
 * Starts the poller that stands for one `AWS::Lambda::EventSourceMapping`, configured from its
 * template properties. Returns undefined (and says why) for a source it cannot poll.
 */
export async function startMapping(
  model: EventSourceMappingModel,
  resources: readonly ResolvedResource[],
  invoke: Invoke,
  warn: (line: string) => void,
): Promise<RunningMapping | undefined> {
  if (!model.enabled) return undefined;
  const p = model.properties as Record<string, unknown> & {
    BatchSize?: number;
    MaximumBatchingWindowInSeconds?: number;
    FunctionResponseTypes?: string[];
    FilterCriteria?: { Filters?: StreamFilter[] };
    ScalingConfig?: { MaximumConcurrency?: number };
    StartingPosition?: 'TRIM_HORIZON' | 'LATEST';
    MaximumRetryAttempts?: number;
    MaximumRecordAgeInSeconds?: number;
    BisectBatchOnFunctionError?: boolean;
    ParallelizationFactor?: number;
    DestinationConfig?: { OnFailure?: { Destination?: string } };
  };
  const reportBatchItemFailures = p.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
  const filters = p.FilterCriteria?.Filters ?? [];
  if (model.source.kind === 'sqs') {
    const poller = new SqsPoller({
      queueUrl: model.source.queueUrl,
      queueArn: model.source.queueArn,
      batchSize: p.BatchSize ?? 10,
      maximumBatchingWindowInSeconds: p.MaximumBatchingWindowInSeconds ?? 0,
      maximumConcurrency: p.ScalingConfig?.MaximumConcurrency ?? 5,
      reportBatchItemFailures,
      filters,
      invoke: (event: SQSEvent) => invoke(model.functionName, event),
    });
    poller.start();
    return { model, stats: poller.stats, stop: () => poller.stop() };
  }
  if (model.source.kind === 'dynamodb-stream') {
    const destination = p.DestinationConfig?.OnFailure?.Destination;
    const queue = destination
      ? resources.find((r) => r.type === 'AWS::SQS::Queue' && r.attributes.Arn === destination)
      : undefined;
    if (destination && !queue)
      warn(
        `${model.logicalId}: on-failure destination ${destination} is not a local SQS queue; records given up on are dropped`,
      );
    const poller = new DynamoDbStreamPoller({
      streamArn: model.source.streamArn,
      startingPosition: p.StartingPosition ?? 'TRIM_HORIZON',
      batchSize: p.BatchSize ?? 100,
      maximumBatchingWindowInSeconds: p.MaximumBatchingWindowInSeconds ?? 0,
      maximumRetryAttempts: p.MaximumRetryAttempts ?? -1,
      maximumRecordAgeInSeconds: p.MaximumRecordAgeInSeconds ?? -1,
      bisectBatchOnFunctionError: p.BisectBatchOnFunctionError ?? false,
      parallelizationFactor: p.ParallelizationFactor ?? 1,
      reportBatchItemFailures,
      filters,
      ...(queue ? { onFailure: sqsOnFailureDestination(new SQSClient({}), queue.ref) } : {}),
      invoke: (event: DynamoDBStreamEvent) => invoke(model.functionName, event),
    });
    await poller.start();
    return { model, stats: poller.stats, stop: () => poller.stop() };
  }
  warn(
    `${model.logicalId}: event source ${model.eventSourceArn} is not emulated locally; the mapping is not started`,
  );
  return undefined;
}
