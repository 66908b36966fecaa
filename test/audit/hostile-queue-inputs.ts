import type { DeadLetterQueueStem, QueueCase, QueueStem } from './hostile-inputs.ts';

let events = 0;
/** A well-formed envelope of `type` with an id of its own; `fields` override or add top-level members. */
const envelope = (type: string, data: unknown, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: `hostile-event-${++events}`,
    type,
    source: 'hostile.corpus',
    aggregateId: 'hostile-aggregate',
    sequence: 1,
    occurredAt: '2026-11-29T00:00:00.000Z',
    data,
    ...fields,
  });
const order = (orderId: string, fields: Record<string, unknown> = {}) => ({
  orderId,
  customerId: 'hostile-queue-c',
  items: [{ sku: 'hostile-sku', quantity: 1 }],
  paymentToken: 'tok_ok',
  ...fields,
});

const DLQ_OF: Record<QueueStem, DeadLetterQueueStem> = {
  OrdersQueue: 'OrdersDeadLetterQueue',
  PaymentsQueue: 'PaymentsDeadLetterQueue',
  NotificationsUrgentQueue: 'NotificationsUrgentQueueDeadLetterQueue',
  NotificationsRoutineQueue: 'NotificationsRoutineQueueDeadLetterQueue',
  OutboxOnFailureQueue: 'OutboxRelayDeadLetterQueue',
};

function dead(
  name: string,
  queue: QueueStem,
  body: string,
  errorName: string,
  attributes?: Record<string, string>,
): QueueCase {
  return {
    name,
    target: 'queue',
    message: { queue, body, ...(attributes ? { attributes } : {}) },
    expect: { outcome: 'dead-lettered', deadLetterQueue: DLQ_OF[queue], errorName },
  };
}

function processed(
  name: string,
  queue: QueueStem,
  body: string,
  notification?: { customerId: string; kind: string },
): QueueCase {
  return {
    name,
    target: 'queue',
    message: { queue, body },
    expect: { outcome: 'processed', ...(notification ? { notification } : {}) },
  };
}

const INVALID_JSON = 'InvalidMessageError';
const NOT_AN_ENVELOPE = 'SchemaValidationError';
const UNKNOWN_TYPE = 'UnknownMessageTypeError';
const NO_SUCH_ORDER = 'OrderNotPendingError';
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const urgentFor = (customerId: string) =>
  envelope(
    'OrderConfirmed',
    { orderId: `o-${customerId.length}`, customerId },
    { id: `urgent-${customerId.length}` },
  );

export const HOSTILE_QUEUE_INPUTS: readonly QueueCase[] = [
  // The orders FIFO queue (inventory step, handles OrderPlaced)
  dead('orders: not JSON', 'OrdersQueue', 'not json', INVALID_JSON),
  dead(
    'orders: a byte order mark before JSON',
    'OrdersQueue',
    `\ufeff${envelope('OrderPlaced', order('bom'))}`,
    INVALID_JSON,
  ),
  dead('orders: truncated JSON', 'OrdersQueue', '{"id":"x","type":"OrderPlaced"', INVALID_JSON),
  dead('orders: NaN literal', 'OrdersQueue', '{"id":NaN}', INVALID_JSON),
  dead('orders: 900 KB of not-JSON', 'OrdersQueue', `<${'x'.repeat(900_000)}>`, INVALID_JSON),
  dead('orders: null', 'OrdersQueue', 'null', NOT_AN_ENVELOPE),
  dead('orders: an array', 'OrdersQueue', '[1,2,3]', NOT_AN_ENVELOPE),
  dead('orders: a number', 'OrdersQueue', '1e400', NOT_AN_ENVELOPE),
  dead(
    'orders: an envelope without id',
    'OrdersQueue',
    envelope('OrderPlaced', order('no-id'), { id: undefined }),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: occurredAt not a date',
    'OrdersQueue',
    envelope('OrderPlaced', order('date'), { occurredAt: 'yesterday' }),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: negative sequence',
    'OrdersQueue',
    envelope('OrderPlaced', order('seq'), { sequence: -1 }),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: sequence 1e400',
    'OrdersQueue',
    envelope('OrderPlaced', order('seq-inf'), { sequence: 7 }).replace('"sequence":7', '"sequence":1e400'),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: event id of 3,000 characters',
    'OrdersQueue',
    envelope('OrderPlaced', order('long-id'), { id: 'e'.repeat(3_000) }),
    NOT_AN_ENVELOPE,
  ),
  dead('orders: unknown type', 'OrdersQueue', envelope('OrderShipped', order('unknown')), UNKNOWN_TYPE),
  dead('orders: type __proto__', 'OrdersQueue', envelope('__proto__', order('proto')), UNKNOWN_TYPE),
  dead('orders: type constructor', 'OrdersQueue', envelope('constructor', order('ctor')), UNKNOWN_TYPE),
  dead('orders: type with a NUL', 'OrdersQueue', envelope('Order\u0000Placed', order('nul')), UNKNOWN_TYPE),
  dead('orders: type a lone surrogate', 'OrdersQueue', envelope('\ud800', order('surrogate')), UNKNOWN_TYPE),
  dead('orders: data null', 'OrdersQueue', envelope('OrderPlaced', null), NOT_AN_ENVELOPE),
  dead(
    'orders: quantity negative',
    'OrdersQueue',
    envelope('OrderPlaced', order('neg', { items: [{ sku: 's', quantity: -5 }] })),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: quantity a string',
    'OrdersQueue',
    envelope('OrderPlaced', order('str', { items: [{ sku: 's', quantity: '1' }] })),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: 10,000 items',
    'OrdersQueue',
    envelope(
      'OrderPlaced',
      order('many', { items: Array.from({ length: 10_000 }, () => ({ sku: 's', quantity: 1 })) }),
    ),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: data nested 20,000 deep',
    'OrdersQueue',
    envelope('OrderPlaced', 'DEEP').replace('"DEEP"', deepArray(20_000)),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'orders: a forged OrderPlaced for an order that does not exist',
    'OrdersQueue',
    envelope('OrderPlaced', order('hostile-forged-order')),
    NO_SUCH_ORDER,
  ),
  dead(
    'orders: Ferry failure attributes forged by the sender',
    'OrdersQueue',
    'forged attributes',
    INVALID_JSON,
    {
      'ferry.error.name': 'Forged',
      'ferry.error.message': 'forged by the sender',
    },
  ),
  dead('orders: ten attributes of its own, one binary', 'OrdersQueue', 'ten attributes', INVALID_JSON, {
    ...Object.fromEntries(Array.from({ length: 9 }, (_, n) => [`a${n}`, `v${n}`])),
    blob: 'Binary:/wD+AA==',
  }),

  // The payments queue (payment step, handles InventoryReserved)
  dead('payments: not JSON', 'PaymentsQueue', '<xml/>', INVALID_JSON),
  dead(
    'payments: an OrderPlaced on the wrong queue',
    'PaymentsQueue',
    envelope('OrderPlaced', order('wrong-queue')),
    UNKNOWN_TYPE,
  ),
  dead(
    'payments: no paymentToken',
    'PaymentsQueue',
    envelope('InventoryReserved', order('no-token', { paymentToken: undefined })),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'payments: customerId of 3,000 characters',
    'PaymentsQueue',
    envelope('InventoryReserved', order('long-c', { customerId: 'c'.repeat(3_000) })),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'payments: a forged InventoryReserved for an order that does not exist',
    'PaymentsQueue',
    envelope('InventoryReserved', order('hostile-forged-payment')),
    NO_SUCH_ORDER,
  ),

  // The notification lanes (one notifier, every shop event type)
  dead('urgent: not JSON', 'NotificationsUrgentQueue', '}{', INVALID_JSON),
  dead(
    'urgent: unknown type',
    'NotificationsUrgentQueue',
    envelope('OrderRefunded', { customerId: 'c' }),
    UNKNOWN_TYPE,
  ),
  dead(
    'urgent: customerId of 3,000 characters',
    'NotificationsUrgentQueue',
    urgentFor('c'.repeat(3_000)),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'urgent: customerId a number',
    'NotificationsUrgentQueue',
    envelope('OrderConfirmed', { orderId: 'o', customerId: 42 }),
    NOT_AN_ENVELOPE,
  ),
  dead('urgent: data an array', 'NotificationsUrgentQueue', envelope('OrderConfirmed', [1]), NOT_AN_ENVELOPE),
  dead(
    'routine: aggregateId of 3,000 characters',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'u' }, { aggregateId: 'a'.repeat(3_000) }),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'routine: event id of 1,100 characters',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'u' }, { id: 'e'.repeat(1_100) }),
    NOT_AN_ENVELOPE,
  ),
  dead(
    'routine: source empty',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'u' }, { source: '' }),
    NOT_AN_ENVELOPE,
  ),
  processed(
    'urgent: customerId that looks like SQL',
    'NotificationsUrgentQueue',
    urgentFor("'; DROP TABLE t; --"),
    {
      customerId: "'; DROP TABLE t; --",
      kind: 'order-confirmed',
    },
  ),
  processed(
    'urgent: customerId with control characters',
    'NotificationsUrgentQueue',
    urgentFor('q\u0001\u001f\u007f'),
    {
      customerId: 'q\u0001\u001f\u007f',
      kind: 'order-confirmed',
    },
  ),
  processed(
    'routine: userId with HTML',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: '<script>alert(1)</script>' }, { id: 'routine-html' }),
    {
      customerId: '<script>alert(1)</script>',
      kind: 'welcome',
    },
  ),
  processed(
    'routine: a __proto__ member in the envelope and data',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'proto-u' }, { id: 'routine-proto' })
      .replace('{', '{"__proto__":{"polluted":true},')
      .replace('"data":{', '"data":{"__proto__":{"polluted":true},'),
    {
      customerId: 'proto-u',
      kind: 'welcome',
    },
  ),
  processed(
    'routine: unknown members next to the envelope',
    'NotificationsRoutineQueue',
    envelope(
      'UserCreated',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${} text is the hostile input
      { userId: 'extra-u', nickname: '${7*7}' },
      { id: 'routine-extra', future: { v: 2 } },
    ),
    {
      customerId: 'extra-u',
      kind: 'welcome',
    },
  ),
  processed(
    'routine: data with 900 KB of text',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'big-u', note: 'n'.repeat(900_000) }, { id: 'routine-big' }),
    {
      customerId: 'big-u',
      kind: 'welcome',
    },
  ),
  processed(
    'routine: data nested 10,000 deep beside the ids',
    'NotificationsRoutineQueue',
    envelope('UserCreated', { userId: 'deep-u', deep: 'DEEP' }, { id: 'routine-deep' }).replace(
      '"DEEP"',
      deepArray(10_000),
    ),
    {
      customerId: 'deep-u',
      kind: 'welcome',
    },
  ),

  // The relay's on-failure queue (the rehydrator parks what it cannot read in the relay DLQ)
  dead(
    'on-failure: not a stream record',
    'OutboxOnFailureQueue',
    '{"hello":1}',
    'InvalidOnFailureRecordError',
  ),
  dead('on-failure: not JSON', 'OutboxOnFailureQueue', 'not a record', 'InvalidOnFailureRecordError'),
  dead(
    'on-failure: batch info of the wrong types',
    'OutboxOnFailureQueue',
    JSON.stringify({ DDBStreamBatchInfo: { shardId: 1, startSequenceNumber: [], streamArn: null } }),
    'InvalidOnFailureRecordError',
  ),
];
