import { describe, expect, it } from 'vitest';
import { ENV } from '../../../runtime/contract.ts';
import { ConfigurationError } from '../../../runtime/errors.ts';
import {
  DEFAULT_OUTBOX_TTL_SECONDS,
  readOutboxWriterConfig,
  readRelayConfig,
} from '../../../runtime/outbox/outbox-config.ts';

describe('readOutboxWriterConfig', () => {
  it('reads the table and TTL from the environment', () => {
    const env = { [ENV.outboxTable]: 'outbox', [ENV.outboxTtlSeconds]: '3600' };

    expect(readOutboxWriterConfig({}, env)).toEqual({
      tableName: 'outbox',
      ttlSeconds: 3_600,
      sortKeyPrefix: '',
    });
  });

  it('prefers options and defaults the TTL to 7 days', () => {
    expect(readOutboxWriterConfig({ tableName: 'mine' }, { [ENV.outboxTable]: 'env' })).toEqual({
      tableName: 'mine',
      ttlSeconds: DEFAULT_OUTBOX_TTL_SECONDS,
      sortKeyPrefix: '',
    });
  });

  it('throws a ConfigurationError when no table is known', () => {
    expect(() => readOutboxWriterConfig({}, {})).toThrow(/FERRY_OUTBOX_TABLE/);
  });

  it('throws a ConfigurationError for a TTL that is not a positive whole number', () => {
    expect(() =>
      readOutboxWriterConfig({}, { [ENV.outboxTable]: 't', [ENV.outboxTtlSeconds]: '1.5' }),
    ).toThrow(ConfigurationError);
  });
});

describe('readRelayConfig', () => {
  it('reads the routes and the relay DLQ URL', () => {
    const env = {
      [ENV.outboxRoutes]: '{"*":[{"kind":"sns","destination":"arn"}]}',
      [ENV.relayDeadLetterQueueUrl]: 'dlq',
    };

    expect(readRelayConfig(env)).toEqual({
      routes: { '*': [{ kind: 'sns', destination: 'arn' }] },
      deadLetterQueueUrl: 'dlq',
    });
  });

  it('throws a ConfigurationError naming FERRY_OUTBOX_ROUTES when it is missing', () => {
    expect(() => readRelayConfig({ [ENV.relayDeadLetterQueueUrl]: 'dlq' })).toThrow(
      /FERRY_OUTBOX_ROUTES is not set/,
    );
  });

  it('throws a ConfigurationError naming FERRY_RELAY_DLQ_URL when it is missing', () => {
    expect(() => readRelayConfig({ [ENV.outboxRoutes]: '{}' })).toThrow(/FERRY_RELAY_DLQ_URL is not set/);
  });
});
