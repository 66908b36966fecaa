import { PermanentError } from '../errors.ts';

/**
 * No route matches the event's type or aggregate type, so the relay has nowhere to publish it.
 * Add a route (or a `*` route) and replay the parked event.
 */
export class NoRouteError extends PermanentError {
  override readonly name: string = 'NoRouteError';
}

/** A stream record of an outbox item that cannot be read back as an event (missing or malformed attributes). */
export class UndecodableOutboxItemError extends PermanentError {
  override readonly name: string = 'UndecodableOutboxItemError';
}

/**
 * A target refused the event itself: over its size limit, or rejected as invalid. Retrying
 * cannot help; the other targets still got it.
 */
export class TargetRejectedError extends PermanentError {
  override readonly name: string = 'TargetRejectedError';
}

/**
 * The stream event source mapping gave up on these records (retries or record age ran out), so
 * the relay never published them. The rehydrator parks them with this reason.
 */
export class RelayGaveUpError extends PermanentError {
  override readonly name: string = 'RelayGaveUpError';
}

/**
 * The stream no longer holds the records an on-failure record points at (trimmed after 24 hours,
 * or the stream was replaced): the events must be recovered with a replay from the outbox table.
 */
export class StreamRecordsLostError extends PermanentError {
  override readonly name: string = 'StreamRecordsLostError';
}

/** An on-failure destination message is not the Lambda stream invocation record Ferry expects. */
export class InvalidOnFailureRecordError extends PermanentError {
  override readonly name: string = 'InvalidOnFailureRecordError';
}
