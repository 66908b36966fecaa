import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../cfn/pseudo-parameters.ts';

/** Where a request arrived: the API, its stage and the route chosen for it. */
export interface RequestTarget {
  readonly apiId: string;
  readonly stageName: string;
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
}

const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|javascript|xml|x-www-form-urlencoded|graphql)\b/,
  /^application\/[\w.+-]+\+(json|xml)\b/,
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as the event carries it: text for textual content types (and untyped valid UTF-8),
 * base64 (with `isBase64Encoded`) for everything else.
 */
export function eventBody(
  body: Buffer,
  contentType: string | undefined,
): { body: string; isBase64Encoded: boolean } {
  const type = contentType?.toLowerCase().trim();
  const textual = type === undefined || type === '' || TEXT_TYPES.some((pattern) => pattern.test(type));
  if (textual) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: send it as binary.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/** `dd/Mon/yyyy:HH:mm:ss +0000`, the format of `requestContext.time`. */
export function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** A request id shaped like API Gateway's (`apigw-requestid`): 16 base64 characters. */
export function newRequestId(): string {
  return randomBytes(11).toString('base64').slice(0, 15).concat('=');
}

function joinedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] ?? '').toLowerCase();
    const value = raw[index + 1] ?? '';
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

function joinedQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
}

/**
 * Builds the Lambda event (payload format 2.0) API Gateway HTTP API sends for a request: header
 * names lower-cased and duplicates comma-joined, cookies moved to `cookies`, duplicate query
 * parameters comma-joined, and the `x-forwarded-*` headers API Gateway adds.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function requestEvent(
  request: IncomingMessage,
  body: Buffer,
  target: RequestTarget,
  requestId: string,
  now: Date = new Date(),
): APIGatewayProxyEventV2 {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const headers = joinedHeaders(request);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-port'] = String(request.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const domainName = headers.host ?? 'localhost';
  const cookies = cookieHeader?.split(/;\s*|,/).filter((cookie) => cookie !== '');
  const query = joinedQuery(rawQueryString);
  const hasPathParameters = Object.keys(target.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(hasPathParameters ? { pathParameters: { ...target.pathParameters } } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: target.apiId,
      domainName,
      domainPrefix: domainName.split(/[.:]/)[0] ?? domainName,
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: target.routeKey,
      stage: target.stageName,
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? eventBody(body, headers['content-type']) : { isBase64Encoded: false }),
  };
}
