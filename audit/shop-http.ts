import { setTimeout as delay } from 'node:timers/promises';

/** The final answer of a request after the client's retries. */
export interface HttpOutcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
  /** Attempts made (1 = no retry). */
  readonly attempts: number;
}

/** Why the client retried, counted over a run. */
export interface RetryCounts {
  /** Status code (or `network`) to how many retries it caused. */
  readonly byCause: Record<string, number>;
  /** Requests that never got a non-retryable answer. */
  gaveUp: number;
}

/** Statuses a real client retries with the same Idempotency-Key. 409 only when the key is in progress. */
function retryable(status: number, body: Record<string, unknown>): boolean {
  if (status === 429 || status >= 500) return true;
  return status === 409 && String(body.type ?? '').endsWith(':request-in-progress');
}

/**
 * Calls the shop like a careful client: a 5xx, a 429, a network error or a 409 "request in
 * progress" is retried with the same headers (so the same Idempotency-Key), with exponential backoff
 * from 100 ms to 2 s, up to `maxAttempts`; each retry is counted in `retries`.
 */
export async function callShop(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  retries: RetryCounts,
  maxAttempts = 40,
): Promise<HttpOutcome> {
  let cause = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) {
      retries.byCause[cause] = (retries.byCause[cause] ?? 0) + 1;
      await delay(Math.min(2000, 100 * 2 ** (attempt - 2)));
    }
    try {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!retryable(response.status, parsed) || attempt === maxAttempts) {
        if (retryable(response.status, parsed)) retries.gaveUp++;
        return { status: response.status, body: parsed, headers: response.headers, attempts: attempt };
      }
      cause = String(response.status);
    } catch (error) {
      cause = 'network';
      if (attempt === maxAttempts) {
        retries.gaveUp++;
        return {
          status: 0,
          body: { error: (error as Error).message },
          headers: new Headers(),
          attempts: attempt,
        };
      }
    }
  }
  throw new Error('unreachable: the loop returns on its last attempt');
}
