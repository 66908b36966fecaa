import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { v7 as uuidv7 } from 'uuid';
import { fingerprint, requireIdempotencyKey } from '../../../runtime/http/idempotency-key.ts';
import type { IdempotentRequests } from '../../../runtime/http/idempotent-request.ts';
import { parsePrefer } from '../../../runtime/http/prefer-header.ts';
import { parseJsonBody } from '../../../runtime/http/request-body.ts';
import { acceptedResponse, jsonResponse } from '../../../runtime/http/responses.ts';
import { waitFor } from '../../../runtime/http/wait-for.ts';
import { EVENT_TYPES, type Order, placeOrderBody } from '../schemas.ts';
import { putOrder } from '../shop-table.ts';

/** One event to append to an aggregate's outbox stream, in the same transaction as `actions`. */
export interface NewEvent {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly type: string;
  readonly data: unknown;
}

/** Writes business actions and events all or nothing (the transactional outbox writer). */
export type WriteWithEvents = (actions: TransactWriteItem[], events: NewEvent[]) => Promise<unknown>;

/** What placing an order needs. */
export interface PlaceOrderDeps {
  readonly tableName: string;
  readonly requests: IdempotentRequests;
  readonly writeWithEvents: WriteWithEvents;
  readonly readOrder: (orderId: string) => Promise<Record<string, unknown> | undefined>;
  /** Milliseconds the invocation may still run (the Lambda context's getRemainingTimeInMillis). */
  readonly remainingMillis: () => number;
}

/**
 * `POST /orders`: validates, takes the Idempotency-Key, writes the order, its `OrderPlaced` event
 * and the key's outcome in one transaction, then answers 202 at once or, with `Prefer: wait=N`,
 * 201 when the order became final in time. A replay answers for the first request's order.
 */
export async function placeOrder(
  event: APIGatewayProxyEventV2,
  deps: PlaceOrderDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const key = requireIdempotencyKey(event.headers);
  const body = parseJsonBody(event, placeOrderBody);
  const preference = parsePrefer(event.headers.prefer ?? event.headers.Prefer);
  const begun = await deps.requests.begin<{ orderId: string }>(body.customerId, key, fingerprint(body));

  let orderId: string;
  let replayed = false;
  if (begun.kind === 'replay') {
    orderId = begun.result.orderId;
    replayed = true;
  } else {
    orderId = uuidv7();
    const now = new Date().toISOString();
    const order: Order = {
      orderId,
      customerId: body.customerId,
      items: body.items,
      status: 'PENDING',
      createdAt: now,
      updatedAt: now,
    };
    try {
      await deps.writeWithEvents(
        [putOrder(deps.tableName, order), begun.lock.completeAction({ orderId })],
        [
          {
            aggregateType: 'order',
            aggregateId: orderId,
            type: EVENT_TYPES.orderPlaced,
            data: { ...body, orderId },
          },
        ],
      );
    } catch (error) {
      await begun.lock.release();
      throw error;
    }
  }

  const headers: Record<string, string> = {
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    ...(preference.applied ? { 'preference-applied': preference.applied } : {}),
  };
  const location = `/orders/${orderId}`;
  if (preference.waitSeconds > 0) {
    // Leave a second of the invocation for answering, whatever the client asked for.
    const timeoutMillis = Math.min(preference.waitSeconds * 1000, deps.remainingMillis() - 1000);
    const { value, final } = await waitFor(
      () => deps.readOrder(orderId),
      (order) => order !== undefined && order.status !== 'PENDING',
      { timeoutMillis },
    );
    if (final) return jsonResponse(201, value, { ...headers, location });
  }
  return acceptedResponse(location, { orderId, status: 'PENDING' }, { headers });
}
