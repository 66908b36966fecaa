import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { repeatSuppressingReporter } from './error-reporter.ts';
import type { OnFailureRecord } from './on-failure-record.ts';
import type { StreamFilter } from './stream-filter.ts';

/** Settings of the DynamoDB Streams event source mapping emulator, with the ESM's names and limits. */
export interface DynamoDbStreamPollerOptions {
  readonly streamArn: string;
  /** The function: resolves with its response, rejects when it fails (a function error). */
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** `TRIM_HORIZON` (oldest record) or `LATEST` (only records written after start). */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Records per invocation, 1 to 10,000. @default 100 */
  readonly batchSize?: number;
  /** Wait up to this long for a full batch, 0 to 300. @default 0 */
  readonly maximumBatchingWindowInSeconds?: number;
  /** Retries of a failed batch; -1 retries until the records expire. @default -1 */
  readonly maximumRetryAttempts?: number;
  /** Records older than this are not sent to the function; -1 means no limit, else 60 to 604,800. @default -1 */
  readonly maximumRecordAgeInSeconds?: number;
  /** Split a batch whose invocation fails in two, and retry each half; a split is not a retry. @default false */
  readonly bisectBatchOnFunctionError?: boolean;
  /** `FunctionResponseTypes: [ReportBatchItemFailures]`. @default false */
  readonly reportBatchItemFailures?: boolean;
  /** `FilterCriteria.Filters`; records that match none are dropped. @default no filter */
  readonly filters?: readonly StreamFilter[];
  /** Concurrent batches per shard, 1 to 10 (records of one partition key stay in order). @default 1 */
  readonly parallelizationFactor?: number;
  /** Where metadata of records the mapping gives up on goes. @default nowhere: they are skipped */
  readonly onFailure?: (record: OnFailureRecord) => Promise<void>;
  /** ARN put in on-failure records. @default a local function ARN */
  readonly functionArn?: string;
  /** Pause between polls of a caught-up shard; Lambda polls 4 times a second. @default 250 */
  readonly pollIntervalMillis?: number;
  /** Pause before retrying a failed batch. @default 500 */
  readonly retryDelayMillis?: number;
  /** @default a client from the environment (AWS_ENDPOINT_URL_DYNAMODB_STREAMS) */
  readonly client?: DynamoDBStreamsClient;
  /** Clock for record ages and batching windows. @default Date.now */
  readonly now?: () => number;
  /** Told about errors the poller survives (a failed poll or on-failure delivery). @default console.error, each distinct error at most every 30 s */
  readonly onError?: (error: unknown) => void;
}

/** Options with every default applied. */
export type ResolvedStreamPollerOptions = Required<
  Omit<DynamoDbStreamPollerOptions, 'client' | 'onFailure'>
> &
  Pick<DynamoDbStreamPollerOptions, 'client' | 'onFailure'>;

/** The largest event Lambda sends a function synchronously: 6 MB. */
export const MAX_PAYLOAD_BYTES = 6_291_456;

function check(name: string, value: number, min: number, max: number, allowMinusOne = false): void {
  const ok = Number.isInteger(value) && ((value >= min && value <= max) || (allowMinusOne && value === -1));
  if (!ok) {
    throw new RangeError(
      `${name} must be an integer from ${min} to ${max}${allowMinusOne ? ' (or -1 for no limit)' : ''}, got ${value}.`,
    );
  }
}

/**
 * Applies defaults and checks ranges as CreateEventSourceMapping does, throwing a `RangeError`
 * that names the setting, the value and what is allowed.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
 */
export function resolveStreamPollerOptions(
  options: DynamoDbStreamPollerOptions,
): ResolvedStreamPollerOptions {
  const resolved: ResolvedStreamPollerOptions = {
    streamArn: options.streamArn,
    invoke: options.invoke,
    startingPosition: options.startingPosition,
    batchSize: options.batchSize ?? 100,
    maximumBatchingWindowInSeconds: options.maximumBatchingWindowInSeconds ?? 0,
    maximumRetryAttempts: options.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: options.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: options.bisectBatchOnFunctionError ?? false,
    reportBatchItemFailures: options.reportBatchItemFailures ?? false,
    filters: options.filters ?? [],
    parallelizationFactor: options.parallelizationFactor ?? 1,
    functionArn: options.functionArn ?? 'arn:aws:lambda:us-east-1:000000000000:function:local',
    pollIntervalMillis: options.pollIntervalMillis ?? 250,
    retryDelayMillis: options.retryDelayMillis ?? 500,
    now: options.now ?? Date.now,
    onError: options.onError ?? repeatSuppressingReporter('dynamodb-stream-poller'),
    client: options.client,
    onFailure: options.onFailure,
  };
  check('batchSize', resolved.batchSize, 1, 10_000);
  check('maximumBatchingWindowInSeconds', resolved.maximumBatchingWindowInSeconds, 0, 300);
  check('maximumRetryAttempts', resolved.maximumRetryAttempts, 0, 10_000, true);
  check('maximumRecordAgeInSeconds', resolved.maximumRecordAgeInSeconds, 60, 604_800, true);
  check('parallelizationFactor', resolved.parallelizationFactor, 1, 10);
  if (resolved.startingPosition !== 'TRIM_HORIZON' && resolved.startingPosition !== 'LATEST') {
    throw new RangeError(
      `startingPosition must be TRIM_HORIZON or LATEST, got ${String(resolved.startingPosition)}.`,
    );
  }
  return resolved;
}
