import { describe, expect, it } from 'vitest';
import { CONSUMER_DEFAULTS, readConsumerConfig } from '../../runtime/config.ts';
import { ENV } from '../../runtime/contract.ts';
import { ConfigurationError } from '../../runtime/errors.ts';

describe('readConsumerConfig', () => {
  it('applies the defaults when no variable is set', () => {
    const config = readConsumerConfig({});

    expect(config).toEqual({
      deadLetterQueueUrl: undefined,
      backoffBaseSeconds: CONSUMER_DEFAULTS.backoffBaseSeconds,
      backoffCapSeconds: CONSUMER_DEFAULTS.backoffCapSeconds,
      maxConcurrency: CONSUMER_DEFAULTS.maxConcurrency,
      timeMarginMillis: CONSUMER_DEFAULTS.timeMarginMillis,
      idempotencyTable: undefined,
      idempotencyTtlSeconds: CONSUMER_DEFAULTS.idempotencyTtlSeconds,
    });
  });

  it('reads every variable named in ENV', () => {
    const config = readConsumerConfig({
      [ENV.deadLetterQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
      [ENV.backoffBaseSeconds]: '0.5',
      [ENV.backoffCapSeconds]: '60',
      [ENV.maxConcurrency]: '8',
      [ENV.timeMarginMillis]: '2500',
      [ENV.idempotencyTable]: 'idempotency',
      [ENV.idempotencyTtlSeconds]: '86400',
    });

    expect(config).toEqual({
      deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
      backoffBaseSeconds: 0.5,
      backoffCapSeconds: 60,
      maxConcurrency: 8,
      timeMarginMillis: 2500,
      idempotencyTable: 'idempotency',
      idempotencyTtlSeconds: 86_400,
    });
  });

  it('treats blank variables as unset', () => {
    const config = readConsumerConfig({ [ENV.deadLetterQueueUrl]: '  ', [ENV.maxConcurrency]: '' });

    expect(config.deadLetterQueueUrl).toBeUndefined();
    expect(config.maxConcurrency).toBe(CONSUMER_DEFAULTS.maxConcurrency);
  });

  it('raises the default cap to a base set above it', () => {
    const config = readConsumerConfig({ [ENV.backoffBaseSeconds]: '1200' });

    expect(config.backoffCapSeconds).toBe(1200);
  });

  it('throws a ConfigurationError naming the variable and the value when it is not a number', () => {
    expect(() => readConsumerConfig({ [ENV.maxConcurrency]: 'lots' })).toThrow(
      new ConfigurationError(
        "FERRY_MAX_CONCURRENCY must be an integer between 1 and 10000, got 'lots'. Fix the variable in the function's environment.",
      ),
    );
  });

  it('throws when the cap is below the base', () => {
    expect(() =>
      readConsumerConfig({ [ENV.backoffBaseSeconds]: '10', [ENV.backoffCapSeconds]: '5' }),
    ).toThrow(/FERRY_BACKOFF_CAP_SECONDS must be a number between 10 and 43200, got '5'/);
  });

  it('throws when the cap is above the 12-hour visibility limit', () => {
    expect(() => readConsumerConfig({ [ENV.backoffCapSeconds]: '43201' })).toThrow(/between 2 and 43200/);
  });

  it('throws when an integer variable holds a fraction', () => {
    expect(() => readConsumerConfig({ [ENV.timeMarginMillis]: '1.5' })).toThrow(/FERRY_TIME_MARGIN_MILLIS/);
  });
});
