import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { resolveLocalhostSubdomains } from '../../../local/emulators/loopback-dns.ts';

const lookup = (hostname: string, options: dns.LookupOptions) =>
  new Promise<unknown>((resolve, reject) =>
    dns.lookup(hostname, options, (error, address, family) =>
      error ? reject(error) : resolve({ address, family }),
    ),
  );

describe('resolveLocalhostSubdomains', () => {
  it('resolves any name under .localhost to loopback, in both lookup shapes', async () => {
    resolveLocalhostSubdomains();

    expect(await lookup('sqs.us-east-1.localhost', {})).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await lookup('SQS.eu-west-1.LOCALHOST', { all: true })).toEqual({
      address: [{ address: '127.0.0.1', family: 4 }],
      family: undefined,
    });
    expect(await lookup('a.localhost', { family: 6 })).toEqual({ address: '::1', family: 6 });
  });

  it('leaves other names to the system resolver', async () => {
    resolveLocalhostSubdomains();

    expect(await lookup('127.0.0.1', {})).toEqual({ address: '127.0.0.1', family: 4 });
    await expect(lookup('no-such-host.invalid', {})).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
  });
});
