import type { SQSEvent, SQSRecord } from 'aws-lambda';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** `data.total` of every generated order: a cold-start entry that handled n records has summed n times this. */
export const ORDER_TOTAL = 42.5;

/** Body of every generated message: a Ferry envelope of the size a small order event has. */
function envelopeBody(index: number, group: string | undefined): string {
  return JSON.stringify({
    id: `0190f7a2-7c3e-7b4d-9a51-${String(index).padStart(12, '0')}`,
    type: 'OrderPlaced',
    source: 'bench.orders',
    aggregateId: group,
    sequence: index + 1,
    occurredAt: '2025-01-31T12:00:00.000Z',
    data: { orderId: `order-${index}`, total: ORDER_TOTAL, currency: 'EUR' },
  });
}

function record(index: number, queueName: string, group: string | undefined, sequence: number): SQSRecord {
  const now = String(Date.now());
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: '1',
    SentTimestamp: now,
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: now,
  };
  if (group !== undefined) {
    attributes.MessageGroupId = group;
    attributes.MessageDeduplicationId = `dedup-${index}`;
    attributes.SequenceNumber = String(sequence);
  }
  return {
    messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    receiptHandle: `receipt-${index}`,
    body: envelopeBody(index, group),
    attributes,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queueName}`,
    awsRegion: REGION,
  };
}

/** A standard-queue batch of `size` records, as the Lambda SQS event source mapping delivers it. */
export function standardEvent(size: number): SQSEvent {
  return { Records: Array.from({ length: size }, (_, index) => record(index, 'bench-orders', undefined, 0)) };
}

/**
 * A FIFO batch of `size` records spread round-robin over `groups` message groups, so the groups
 * interleave as they can in a real batch. `SequenceNumber` grows with the position in the batch,
 * which is the order each group must be processed in.
 */
export function fifoEvent(size: number, groups: number): SQSEvent {
  return {
    Records: Array.from({ length: size }, (_, index) =>
      record(index, 'bench-orders.fifo', `group-${index % groups}`, index + 1),
    ),
  };
}
