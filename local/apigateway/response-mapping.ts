import { isRecord } from '../cfn/template.ts';

/** An HTTP response ready to write: header values as lists (one `set-cookie` line per cookie). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
}

/** API Gateway's own JSON error answer, such as `{"message":"Not Found"}`. */
export function gatewayResponse(
  statusCode: number,
  message: string,
  extra: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': ['application/json'],
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [v]])),
    },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** What API Gateway answers when a function's response is malformed (or the function failed). */
export const INTERNAL_SERVER_ERROR = (): HttpResponse => gatewayResponse(500, 'Internal Server Error');

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function structured(payload: Record<string, unknown>): HttpResponse {
  const statusCode = Number(payload.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return INTERNAL_SERVER_ERROR();
  if (payload.body !== undefined && payload.body !== null && typeof payload.body !== 'string') {
    return INTERNAL_SERVER_ERROR();
  }
  const headers: Record<string, string[]> = {};
  const add = (name: string, value: unknown): void => {
    const text = scalar(value);
    if (text === undefined) return;
    const key = name.toLowerCase();
    headers[key] = [...(headers[key] ?? []), text];
  };
  if (isRecord(payload.headers))
    for (const [name, value] of Object.entries(payload.headers)) add(name, value);
  if (isRecord(payload.multiValueHeaders)) {
    for (const [name, values] of Object.entries(payload.multiValueHeaders)) {
      for (const value of Array.isArray(values) ? values : [values]) add(name, value);
    }
  }
  if (Array.isArray(payload.cookies)) for (const cookie of payload.cookies) add('set-cookie', cookie);
  const text = typeof payload.body === 'string' ? payload.body : '';
  const body = payload.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
  return { statusCode, headers, body };
}

/**
 * Turns a function's response into the HTTP answer, as payload format 2.0 defines it: an object
 * with `statusCode` is a structured response (`headers`, `multiValueHeaders`, `cookies` as
 * `set-cookie` lines, `body`, `isBase64Encoded`); anything else is inferred as 200 with
 * `content-type: application/json` and the response as the body (a string as it is, else its JSON).
 * A malformed structured response is a 500, as on API Gateway.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response
 */
export function mapFunctionResponse(payload: unknown): HttpResponse {
  if (isRecord(payload) && payload.statusCode !== undefined) return structured(payload);
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
  return { statusCode: 200, headers: { 'content-type': ['application/json'] }, body: Buffer.from(body) };
}
