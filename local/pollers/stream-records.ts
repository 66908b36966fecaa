import type { AttributeValue, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** Binary values travel as base64 in Lambda events; everything else as the API returns it. */
function toEventValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toEventValue) };
  if (value.M !== undefined) return { M: toEventImage(value.M) };
  return value;
}

function toEventImage(
  image: Record<string, AttributeValue> | undefined,
): Record<string, unknown> | undefined {
  if (image === undefined) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventValue(value)]));
}

/**
 * A GetRecords record in the shape Lambda hands a function: `eventSourceARN` added,
 * `ApproximateCreationDateTime` in epoch seconds, binaries in base64.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export function toLambdaRecord(record: SdkStreamRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  const dynamodb = {
    ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
    Keys: toEventImage(stream.Keys),
    ...(stream.NewImage ? { NewImage: toEventImage(stream.NewImage) } : {}),
    ...(stream.OldImage ? { OldImage: toEventImage(stream.OldImage) } : {}),
    SequenceNumber: stream.SequenceNumber,
    SizeBytes: stream.SizeBytes,
    StreamViewType: stream.StreamViewType,
  };
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: dynamodb as DynamoDBRecord['dynamodb'],
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: { ...record.userIdentity } } : {}),
  };
}

/** A record with what the poller needs to know about it alongside. */
export interface PolledRecord {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: string;
  /** Epoch milliseconds of `ApproximateCreationDateTime`. */
  readonly createdMillis: number;
  /** Bytes it adds to the invocation payload. */
  readonly sizeBytes: number;
  /** Partition key value, for parallelization. */
  readonly partitionKey: string;
}

/** Wraps a GetRecords record for the poller; `hashKey` names the table's partition key attribute. */
export function polledRecord(
  record: SdkStreamRecord,
  streamArn: string,
  hashKey: string,
  fallbackMillis: number,
): PolledRecord {
  const lambdaRecord = toLambdaRecord(record, streamArn);
  const keys = record.dynamodb?.Keys ?? {};
  return {
    record: lambdaRecord,
    sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
    createdMillis: record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? fallbackMillis,
    sizeBytes: Buffer.byteLength(JSON.stringify(lambdaRecord)),
    partitionKey: JSON.stringify(keys[hashKey] ?? ''),
  };
}
