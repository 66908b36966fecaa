import { beforeAll, describe, expect, it } from 'vitest';
import {
  PaymentDeclinedError,
  PaymentProvider,
  ProviderUnavailableError,
} from '../../../functions/shop/payment-provider.ts';
import { isPermanentError } from '../../../runtime/errors.ts';
import { createShopTable } from '../../support/shop-table.ts';
import { uniqueName } from '../../support/unique-name.ts';

let provider: PaymentProvider;

beforeAll(async () => {
  provider = new PaymentProvider(await createShopTable('payments'));
});

describe('PaymentProvider', () => {
  it('charges tok_ok once however often it is asked', async () => {
    const orderId = uniqueName('order');

    await provider.charge(orderId, 'tok_ok');
    await provider.charge(orderId, 'tok_ok');

    expect(await provider.ledger(orderId)).toEqual({ orderId, attempts: 2, charges: 1 });
  });

  it('throws a permanent decline for tok_decline and charges nothing', async () => {
    const orderId = uniqueName('order');

    const error = await provider.charge(orderId, 'tok_decline').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PaymentDeclinedError);
    expect(isPermanentError(error)).toBe(true);
    expect((await provider.ledger(orderId)).charges).toBe(0);
  });

  it('fails tok_flaky_3 transiently three times, then charges', async () => {
    const orderId = uniqueName('order');
    const outcomes: string[] = [];

    for (let attempt = 0; attempt < 5; attempt++) {
      outcomes.push(
        await provider.charge(orderId, 'tok_flaky_3').then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        ),
      );
    }

    expect(outcomes).toEqual([
      'ProviderUnavailableError',
      'ProviderUnavailableError',
      'ProviderUnavailableError',
      'ok',
      'ok',
    ]);
    expect(await provider.ledger(orderId)).toEqual({ orderId, attempts: 5, charges: 1 });
  });

  it('fails tok_down transiently every time', async () => {
    const orderId = uniqueName('order');

    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(provider.charge(orderId, 'tok_down')).rejects.toBeInstanceOf(ProviderUnavailableError);
    }

    expect(await provider.ledger(orderId)).toEqual({ orderId, attempts: 3, charges: 0 });
  });

  it('answers zeros for an order it never saw', async () => {
    expect(await provider.ledger('never-seen')).toEqual({ orderId: 'never-seen', attempts: 0, charges: 0 });
  });
});
