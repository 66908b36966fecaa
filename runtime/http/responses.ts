import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response with the given status and extra headers. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/**
 * 202 Accepted for work that goes on asynchronously: `Location` names the status resource and
 * `Retry-After` says when to look.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.3.3
 */
export function acceptedResponse(
  location: string,
  body: unknown,
  options: { readonly retryAfterSeconds?: number; readonly headers?: Readonly<Record<string, string>> } = {},
): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(202, body, {
    ...options.headers,
    location,
    'retry-after': String(options.retryAfterSeconds ?? 1),
  });
}
