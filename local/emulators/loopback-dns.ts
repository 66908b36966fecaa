import { interceptLocalhostDns } from 'fauxqs';

let installed = false;

/**
 * Makes `*.localhost` resolve to 127.0.0.1 in this process, as RFC 6761 reserves the name for
 * loopback (browsers and curl already do; glibc does not). fauxqs queue URLs carry a
 * `sqs.<region>.localhost` host and AWS SDK v3 sends to a queue URL's own host, so any process that
 * talks to the local SQS emulator calls this once. Only names under `.localhost` are affected.
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3
 */
export function resolveLocalhostSubdomains(): void {
  if (installed) return;
  interceptLocalhostDns('localhost');
  installed = true;
}
