import { describe, expect, it } from 'vitest';
import { ENV, type FerryEnvelope } from '../../../runtime/contract.ts';
import { ConfigurationError } from '../../../runtime/errors.ts';
import { readLaneUrls, sendToLane } from '../../../runtime/producer/send-to-lane.ts';
import { createQueue, drainQueue } from '../../support/queues.ts';

const envelope: FerryEnvelope = {
  id: '01890a5d-ac96-774b-bcce-b302099a8057',
  type: 'OrderConfirmed',
  source: 'shop.orders',
  aggregateId: 'order-1',
  sequence: 3,
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: { orderId: 'order-1' },
};

describe('sendToLane', () => {
  it('sends the envelope to the queue of the named lane', async () => {
    const urgent = await createQueue('urgent');
    const routine = await createQueue('routine');
    const env = { [ENV.laneUrls]: JSON.stringify({ urgent, routine }) };

    await sendToLane(envelope, 'urgent', { env });

    const [message] = await drainQueue(urgent, { expected: 1 });
    expect(JSON.parse(message?.Body ?? '')).toEqual(envelope);
    expect(await drainQueue(routine, { idleMillis: 100 })).toHaveLength(0);
  });

  it('groups by aggregate and deduplicates by event id on a FIFO lane', async () => {
    const urgent = await createQueue('urgent', { fifo: true });

    await sendToLane(envelope, 'urgent', { laneUrls: { urgent } });
    await sendToLane(envelope, 'urgent', { laneUrls: { urgent } });

    const received = await drainQueue(urgent, { idleMillis: 300 });
    expect(received).toHaveLength(1);
    expect(received[0]?.Attributes?.MessageGroupId).toBe('order-1');
  });

  it('throws a ConfigurationError naming the known lanes for an unknown priority', async () => {
    const error = await sendToLane(envelope, 'whenever', { laneUrls: { urgent: 'u', routine: 'r' } }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('the lanes are urgent, routine');
  });
});

describe('readLaneUrls', () => {
  it('throws a ConfigurationError when FERRY_LANE_URLS is not set', () => {
    expect(() => readLaneUrls({})).toThrow(/FERRY_LANE_URLS is not set/);
  });

  it('throws a ConfigurationError when FERRY_LANE_URLS is not JSON', () => {
    expect(() => readLaneUrls({ [ENV.laneUrls]: '{urgent' })).toThrow(/is not valid JSON/);
  });

  it('throws a ConfigurationError when a lane URL is not a string', () => {
    expect(() => readLaneUrls({ [ENV.laneUrls]: '{"urgent":1}' })).toThrow(
      /JSON object of lane name to queue URL/,
    );
  });

  it('reads the lane map', () => {
    expect(readLaneUrls({ [ENV.laneUrls]: '{"urgent":"https://q/u"}' })).toEqual({ urgent: 'https://q/u' });
  });
});
