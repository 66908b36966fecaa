import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type HttpApiDefinition,
  type HttpApiInvoke,
  type HttpApiServer,
  type IntegrationFailure,
  startHttpApiServer,
} from '../../../local/apigateway/index.ts';

const api: HttpApiDefinition = {
  apiId: 'abc123defg',
  name: 'Shop',
  stageName: '$default',
  routes: [
    {
      routeKey: 'GET /orders/{id}',
      integration: { integrationId: 'i1', functionName: 'GetOrder', timeoutMillis: 30_000 },
    },
    {
      routeKey: 'POST /orders',
      integration: { integrationId: 'i2', functionName: 'PlaceOrder', timeoutMillis: 200 },
    },
  ],
};

let server: HttpApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(invoke: HttpApiInvoke, extra: Partial<Parameters<typeof startHttpApiServer>[0]> = {}) {
  server = await startHttpApiServer({ api, invoke, port: 0, ...extra });
  return server;
}

/** Records each event and answers with `answer`. */
function recording(answer: (event: APIGatewayProxyEventV2) => unknown = () => ({ ok: true })) {
  const calls: { functionName: string; event: APIGatewayProxyEventV2 }[] = [];
  const invoke: HttpApiInvoke = async (functionName, event) => {
    calls.push({ functionName, event });
    return answer(event);
  };
  return { calls, invoke };
}

/** Sends repeated header lines (an array value) with node:http, which fetch joins into one. */
function send(url: string, method: string, headers: Record<string, string | string[]>) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((done, fail) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('startHttpApiServer', () => {
  it('invokes the route integration function with a payload format 2.0 event', async () => {
    const { calls, invoke } = recording();
    const { url, port } = await start(invoke);

    await fetch(`${url}/orders/o%2D1?expand=items&expand=payment&x=1`, {
      headers: { 'User-Agent': 'curl/8' },
    });

    expect(calls[0]?.functionName).toBe('GetOrder');
    expect(calls[0]?.event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /orders/{id}',
      rawPath: '/orders/o%2D1',
      rawQueryString: 'expand=items&expand=payment&x=1',
      queryStringParameters: { expand: 'items,payment', x: '1' },
      pathParameters: { id: 'o-1' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'abc123defg',
        domainName: `127.0.0.1:${port}`,
        http: {
          method: 'GET',
          path: '/orders/o%2D1',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8',
        },
        routeKey: 'GET /orders/{id}',
        stage: '$default',
      },
    });
    expect(calls[0]?.event.requestContext.time).toMatch(
      /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
  });

  it('lower-cases header names, comma-joins duplicates and moves cookies to the cookies field', async () => {
    const { calls, invoke } = recording();
    const { url } = await start(invoke);

    await send(`${url}/orders/1`, 'GET', { 'X-Trace': ['a', 'b'], Cookie: 'session=s1; theme=dark' });

    const event = calls[0]?.event;
    expect(event?.headers['x-trace']).toBe('a,b');
    expect(event?.headers.cookie).toBeUndefined();
    expect(event?.cookies).toEqual(['session=s1', 'theme=dark']);
    expect(event?.headers['x-forwarded-proto']).toBe('http');
  });

  it('passes a JSON body as text', async () => {
    const { calls, invoke } = recording();
    const { url } = await start(invoke);

    await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"A"}',
    });

    expect(calls[0]?.event).toMatchObject({ body: '{"sku":"A"}', isBase64Encoded: false });
  });

  it('passes a binary body base64-encoded', async () => {
    const { calls, invoke } = recording();
    const { url } = await start(invoke);

    await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array([137, 80, 78, 71]),
    });

    expect(calls[0]?.event).toMatchObject({
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('answers with the function response, its headers and an apigw-requestid', async () => {
    const { invoke } = recording(() => ({
      statusCode: 202,
      headers: { location: '/orders/o-1' },
      body: '{"id":"o-1"}',
    }));
    const { url } = await start(invoke);

    const response = await fetch(`${url}/orders`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe('/orders/o-1');
    expect(response.headers.get('apigw-requestid')).toMatch(/^[\w+/]{15}=$/);
    expect(await response.text()).toBe('{"id":"o-1"}');
  });

  it('answers 404 Not Found when no route matches', async () => {
    const { calls, invoke } = recording();
    const { url } = await start(invoke);

    const response = await fetch(`${url}/customers`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(calls).toEqual([]);
  });

  it('fails with 500 Internal Server Error when the function fails', async () => {
    const failures: IntegrationFailure[] = [];
    const { url } = await start(async () => Promise.reject(new Error('boom')), {
      onIntegrationFailure: (f) => failures.push(f),
    });

    const response = await fetch(`${url}/orders/1`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(failures[0]).toMatchObject({ functionName: 'GetOrder', reason: 'function-error' });
  });

  it('fails with 503 Service Unavailable when the function exceeds the integration timeout', async () => {
    const slow: HttpApiInvoke = () => new Promise((done) => setTimeout(() => done({ late: true }), 1_000));
    const { url } = await start(slow);

    const response = await fetch(`${url}/orders`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('fails with 413 when the request body is over the payload limit', async () => {
    const { calls, invoke } = recording();
    const { url } = await start(invoke, { maxRequestBytes: 1024 });

    const response = await fetch(`${url}/orders`, { method: 'POST', body: 'x'.repeat(2048) });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(calls).toEqual([]);
  });

  it('serves local routes before the API routes', async () => {
    const { invoke } = recording();
    const { url, addLocalRoute } = await start(invoke);
    addLocalRoute('GET', '/_local/health', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });

    const response = await fetch(`${url}/_local/health`);

    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('hands unmatched requests to the fallback handler when one is given', async () => {
    const { invoke } = recording();
    const { url } = await start(invoke, {
      fallback: (_request, response) => void response.writeHead(418).end(),
    });

    const response = await fetch(`${url}/teapot`);

    expect(response.status).toBe(418);
  });

  it('serves a named stage under its path prefix', async () => {
    const { calls, invoke } = recording();
    server = await startHttpApiServer({ api: { ...api, stageName: 'prod' }, invoke, port: 0 });

    await fetch(`${server.url}/prod/orders/7`);

    expect(calls[0]?.event).toMatchObject({
      rawPath: '/prod/orders/7',
      pathParameters: { id: '7' },
      requestContext: { stage: 'prod' },
    });
  });

  it('fails to start with a clear error when the port is taken', async () => {
    const { invoke } = recording();
    const first = await start(invoke);

    const failure = await startHttpApiServer({ api, invoke, port: first.port }).catch(
      (error: unknown) => error,
    );

    expect((failure as Error).message).toMatch(
      new RegExp(`Port ${first.port} on 127.0.0.1 is already in use.*set PORT`),
    );
  });
});
