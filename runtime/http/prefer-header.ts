/** What a client asked for with `Prefer`, and what the server applies. */
export interface Preference {
  /** Seconds to wait for a final result before answering 202; 0 = answer at once. */
  readonly waitSeconds: number;
  /** The `Preference-Applied` header value, or undefined when nothing is applied. */
  readonly applied?: string;
}

/**
 * Reads RFC 7240 `Prefer`: `respond-async` (answer at once) and `wait=N` (wait up to N seconds,
 * capped at `maxWaitSeconds`, since API Gateway's integration timeout is 30 s). Unknown or malformed
 * preferences are ignored, as RFC 7240 asks; when both are given, `respond-async` wins.
 * @see https://www.rfc-editor.org/rfc/rfc7240#section-4.1
 */
export function parsePrefer(header: string | undefined, maxWaitSeconds = 20): Preference {
  if (!header) return { waitSeconds: 0 };
  let respondAsync = false;
  let wait: number | undefined;
  for (const part of header.split(',')) {
    // Parameters after ';' modify a preference; none of the two we honour takes any.
    const [rawName, rawValue] = (part.split(';')[0] ?? '').split('=');
    const name = rawName?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"(.*)"$/, '$1');
    if (name === 'respond-async') respondAsync = true;
    if (name === 'wait' && value !== undefined && /^\d{1,9}$/.test(value)) wait = Number(value);
  }
  if (respondAsync) return { waitSeconds: 0, applied: 'respond-async' };
  if (wait === undefined) return { waitSeconds: 0 };
  const waitSeconds = Math.min(wait, maxWaitSeconds);
  return { waitSeconds, applied: `wait=${waitSeconds}` };
}
