/** What the checker reads from the system after the drain (DynamoDB items and DLQ messages). */
export interface SystemState {
  readonly orders: ReadonlyMap<string, StoredOrder>;
  /** Order id to the payment provider's ledger. */
  readonly ledger: ReadonlyMap<string, { readonly attempts: number; readonly charges: number }>;
  readonly notifications: readonly StoredNotification[];
  readonly activity: readonly ActivityEntry[];
  /** SKU to `available`. */
  readonly stock: ReadonlyMap<string, number>;
  readonly users: readonly { readonly userId: string; readonly email: string }[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface StoredOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly reason?: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredNotification {
  readonly customerId: string;
  readonly eventId: string;
  readonly kind: string;
  readonly orderId?: string;
}

export interface ActivityEntry {
  readonly aggregateId: string;
  readonly sequence: number;
  readonly eventId: string;
  readonly type: string;
}

/** A message found in a DLQ. */
export interface DeadLetter {
  /** Logical id of the DLQ, e.g. `PaymentsDeadLetterQueue6627B8CC`. */
  readonly queue: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly orderId?: string;
  /** Why Ferry's runtime dead-lettered it (absent when SQS's redrive policy moved it). */
  readonly errorName?: string;
}
