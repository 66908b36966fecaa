import { HOSTILE_API_INPUTS } from './hostile-api-inputs.ts';
import { HOSTILE_QUEUE_INPUTS } from './hostile-queue-inputs.ts';
import { HOSTILE_ROUTE_INPUTS } from './hostile-route-inputs.ts';

/**
 * The hostile-input corpus of issue 9 ("Bad input"): requests to the shop's HTTP API and raw
 * messages on its queues, each with the outcome Ferry promises. Data, not code: the cases are
 * plain objects; only bodies too big to write out (10,000 items, 1 MB) are generated.
 * hostile-inputs.test.ts plays them all against one local cloud. See docs/hostile-inputs.md.
 */

/** One HTTP request, sent byte for byte as written (node:http: no URL normalisation). */
export interface HostileRequest {
  readonly method: string;
  /** Raw request target: `%2F`, `..` and broken escapes reach the gateway as written. */
  readonly path: string;
  /** Name/value pairs; a name given twice is sent as two header lines. */
  readonly headers?: readonly (readonly [string, string])[];
  /** Body as UTF-8 text. */
  readonly body?: string;
  /** Body as raw bytes (base64), for invalid UTF-8. Wins over `body`. */
  readonly bodyBase64?: string;
}

/** What the API must answer. */
export interface ApiExpectation {
  /** The status; a list only where timing decides (a `Prefer: wait` that may run out). */
  readonly status: number | readonly number[];
  /** Response headers that must have exactly these values (names in lower case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Problem details `type` (RFC 9457) the function answers with; absent for a success. */
  readonly type?: string;
  readonly title?: string;
  /** API Gateway's own answer (`{"message": ...}`), when the request never reaches the function. */
  readonly gatewayMessage?: string;
  /**
   * What the test reads back afterwards: `order` (GET the Location; customerId and items as sent,
   * and a final status), `inventory` (GET the same path; the same body as the PUT answered).
   */
  readonly stored?: 'order' | 'inventory';
}

export interface ApiCase {
  readonly name: string;
  readonly target: 'api';
  readonly request: HostileRequest;
  readonly expect: ApiExpectation;
}

/** Queues of the shop stack, by logical id stem (the logical id without CDK's 8-hex hash). */
export type QueueStem =
  | 'OrdersQueue'
  | 'PaymentsQueue'
  | 'NotificationsUrgentQueue'
  | 'NotificationsRoutineQueue'
  | 'OutboxOnFailureQueue';

/** Where a dead-lettered message must land. */
export type DeadLetterQueueStem =
  | 'OrdersDeadLetterQueue'
  | 'PaymentsDeadLetterQueue'
  | 'NotificationsUrgentQueueDeadLetterQueue'
  | 'NotificationsRoutineQueueDeadLetterQueue'
  | 'OutboxRelayDeadLetterQueue';

export interface HostileMessage {
  readonly queue: QueueStem;
  /** The raw body (each body is unique within the corpus: the DLQ copy is found by it). */
  readonly body: string;
  /** String message attributes (`Binary:` prefix: base64 of a binary attribute). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * `dead-lettered`: parked at once (no retries) in `deadLetterQueue` with `ferry.error.name`
 * = `errorName` and a non-empty `ferry.error.message`. `processed`: handled, nothing in any DLQ;
 * with `notification`, that customer's inbox holds an entry of that kind.
 */
export type QueueExpectation =
  | {
      readonly outcome: 'dead-lettered';
      readonly deadLetterQueue: DeadLetterQueueStem;
      readonly errorName: string;
    }
  | {
      readonly outcome: 'processed';
      readonly notification?: { readonly customerId: string; readonly kind: string };
    };

export interface QueueCase {
  readonly name: string;
  readonly target: 'queue';
  readonly message: HostileMessage;
  readonly expect: QueueExpectation;
}

export type HostileCase = ApiCase | QueueCase;

/** Every case, API first (played in this order: some cases rely on an earlier one). */
export const HOSTILE_INPUTS: readonly HostileCase[] = [
  ...HOSTILE_API_INPUTS,
  ...HOSTILE_ROUTE_INPUTS,
  ...HOSTILE_QUEUE_INPUTS,
];
