import { beforeAll, describe, expect, it } from 'vitest';
import { Notifications } from '../../../functions/shop/notifications.ts';
import type { FerryEnvelope } from '../../../runtime/contract.ts';
import { createShopTable } from '../../support/shop-table.ts';
import { uniqueName } from '../../support/unique-name.ts';

let notifications: Notifications;

beforeAll(async () => {
  notifications = new Notifications(await createShopTable('notifications'));
});

function event(id: string, sequence: number): FerryEnvelope {
  return {
    id,
    type: 'OrderConfirmed',
    source: 'test',
    aggregateId: 'order-1',
    sequence,
    occurredAt: new Date().toISOString(),
    data: {},
  };
}

describe('Notifications', () => {
  it('records a notification once however often its event is delivered', async () => {
    const customerId = uniqueName('customer');
    const delivered = event(uniqueName('event'), 3);

    const first = await notifications.notify(customerId, 'order-confirmed', 'urgent', delivered, 'order-1');
    const again = await notifications.notify(customerId, 'order-confirmed', 'urgent', delivered, 'order-1');

    expect([first, again]).toEqual([true, false]);
    expect(await notifications.list(customerId)).toEqual([
      expect.objectContaining({
        eventId: delivered.id,
        kind: 'order-confirmed',
        lane: 'urgent',
        orderId: 'order-1',
      }),
    ]);
  });

  it('keeps two kinds of the same event apart', async () => {
    const customerId = uniqueName('customer');
    const delivered = event(uniqueName('event'), 1);

    await notifications.notify(customerId, 'welcome', 'routine', delivered);
    await notifications.notify(customerId, 'activity', 'routine', delivered);

    expect((await notifications.list(customerId)).map((n) => n.kind).sort()).toEqual(['activity', 'welcome']);
  });

  it('records one activity entry per event', async () => {
    const delivered = event(uniqueName('event'), 2);

    expect(await notifications.recordActivity(delivered, 'routine')).toBe(true);
    expect(await notifications.recordActivity(delivered, 'routine')).toBe(false);
  });

  it('lists nothing for a customer without notifications', async () => {
    expect(await notifications.list(uniqueName('nobody'))).toEqual([]);
  });
});
