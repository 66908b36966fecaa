import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { BatchChannel, EntryFailure } from './batch-channel.ts';
import { EVENTBRIDGE_MAX_REQUEST_BYTES, eventBridgeEntryBytes, MAX_BATCH_ENTRIES } from './limits.ts';

/** One EventBridge event to put. */
export interface EventBridgeEvent {
  readonly source: string;
  readonly detailType: string;
  /** A JSON object, as text. */
  readonly detail: string;
  readonly time?: Date;
  readonly resources?: readonly string[];
  /** X-Ray trace header. */
  readonly traceHeader?: string;
}

/**
 * PutEvents error codes that may pass on a retry. Anything else (for example
 * `MalformedDetail`, `InvalidArgument`, `AccessDeniedException`) names a problem with the entry.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
const RETRYABLE_CODES = new Set([
  'InternalFailure',
  'InternalException',
  'ThrottlingException',
  'ServiceUnavailable',
]);

/**
 * The PutEvents channel of one event bus: 10 entries per call, the call within `maxRequestBytes`
 * as EventBridge measures entries.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export function eventBridgeChannel(
  client: EventBridgeClient,
  eventBusName: string,
  maxRequestBytes: number = EVENTBRIDGE_MAX_REQUEST_BYTES,
): BatchChannel<EventBridgeEvent> {
  return {
    destination: eventBusName,
    maxEntries: MAX_BATCH_ENTRIES,
    maxEntryBytes: maxRequestBytes,
    maxBatchBytes: maxRequestBytes,
    sizeOf: eventBridgeEntryBytes,
    send: async (events) => {
      const output = await client.send(
        new PutEventsCommand({
          Entries: events.map((event) => ({
            EventBusName: eventBusName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: event.detail,
            Time: event.time,
            Resources: event.resources === undefined ? undefined : [...event.resources],
            TraceHeader: event.traceHeader,
          })),
        }),
      );
      // Result entries line up with request entries, one for one.
      const results = output.Entries ?? [];
      const failures: EntryFailure[] = [];
      events.forEach((_, position) => {
        const result = results[position];
        if (result?.EventId && !result.ErrorCode) return;
        const code = result?.ErrorCode ?? 'MissingFromResponse';
        failures.push({
          position,
          code,
          message: result?.ErrorMessage ?? 'PutEvents returned no event id for this entry',
          rejected: result?.ErrorCode !== undefined && !RETRYABLE_CODES.has(code),
        });
      });
      return failures;
    },
  };
}
