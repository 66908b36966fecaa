import dns, { type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';

let installed = false;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Makes `*.localhost` resolve to 127.0.0.1 in this process, as RFC 6761 reserves the name for
 * loopback (browsers and curl already do; glibc does not). fauxqs queue URLs carry a
 * `sqs.<region>.localhost` host and AWS SDK v3 sends to a queue URL's own host, so every process
 * that talks to the local SQS emulator calls this once, Lambda execution environments included.
 * Only names under `.localhost` are affected. Ferry patches `dns.lookup` itself rather than load
 * fauxqs's helper, which would pull the whole emulator (~20 MB) into every environment.
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3
 */
export function resolveLocalhostSubdomains(): void {
  if (installed) return;
  installed = true;
  const original = dns.lookup;
  const patched = (hostname: string, options: unknown, callback?: unknown): void => {
    const done = (typeof options === 'function' ? options : callback) as LookupCallback;
    const settings = (typeof options === 'object' && options !== null ? options : {}) as
      | LookupOneOptions
      | LookupAllOptions;
    if (!hostname.toLowerCase().endsWith('.localhost')) {
      (original as (...args: unknown[]) => void)(hostname, options, callback);
      return;
    }
    // Honour the caller's family: an IPv6-only lookup gets ::1.
    const family = settings.family === 6 || settings.family === 'IPv6' ? 6 : 4;
    const address = family === 6 ? '::1' : '127.0.0.1';
    process.nextTick(() => (settings.all ? done(null, [{ address, family }]) : done(null, address, family)));
  };
  dns.lookup = patched as typeof dns.lookup;
}
