import { describe, expect, it } from 'vitest';
import {
  firstSeenMillisOf,
  inFlightMillisOf,
  isFifoSource,
  messageGroupOf,
  receiveCountOf,
  sentMillisOf,
} from '../../../runtime/sqs/record-attributes.ts';
import { sqsRecord } from './sqs-fixtures.ts';

describe('record attributes', () => {
  it('reads the receive count, defaulting to 1 when unreadable', () => {
    const record = sqsRecord('x', { receiveCount: 7 });
    const broken = sqsRecord('x');
    broken.attributes.ApproximateReceiveCount = 'many';

    expect(receiveCountOf(record)).toBe(7);
    expect(receiveCountOf(broken)).toBe(1);
  });

  it('prefers the first receive time for first-seen, then the sent time, else nothing', () => {
    const record = sqsRecord('x', { firstReceiveMillis: 2_000, sentMillis: 1_000 });
    const sentOnly = sqsRecord('x', { sentMillis: 1_000, firstReceiveMillis: null });
    const neither = sqsRecord('x', { firstReceiveMillis: null });
    neither.attributes.SentTimestamp = '';

    expect(firstSeenMillisOf(record)).toBe(2_000);
    expect(firstSeenMillisOf(sentOnly)).toBe(1_000);
    expect(firstSeenMillisOf(neither)).toBeUndefined();
  });

  it('reads the sent time', () => {
    expect(sentMillisOf(sqsRecord('x', { sentMillis: 5_000 }))).toBe(5_000);
  });

  it('measures in-flight time from the first receive on a first delivery', () => {
    const record = sqsRecord('x', { receiveCount: 1, firstReceiveMillis: 10_000 });

    expect(inFlightMillisOf(record, 12_000, 15_000)).toBe(5_000);
  });

  it('bounds in-flight time by the batch start plus the longest batching window on later deliveries', () => {
    const record = sqsRecord('x', { receiveCount: 3, firstReceiveMillis: 10_000 });

    expect(inFlightMillisOf(record, 1_000_000, 1_004_000)).toBe(304_000);
  });

  it('reads the group and tells FIFO sources apart', () => {
    const fifo = sqsRecord('x', { queue: 'orders.fifo', groupId: 'g1' });
    const standard = sqsRecord('x');

    expect(messageGroupOf(fifo)).toBe('g1');
    expect(messageGroupOf(standard)).toBe('');
    expect(isFifoSource(fifo)).toBe(true);
    expect(isFifoSource(standard)).toBe(false);
    expect(isFifoSource(undefined)).toBe(false);
  });
});
