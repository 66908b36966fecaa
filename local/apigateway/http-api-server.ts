import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpApiListenError } from './errors.ts';
import type { HttpApiDefinition, LambdaIntegration } from './http-api-definition.ts';
import { newRequestId, requestEvent } from './request-event.ts';
import {
  gatewayResponse,
  type HttpResponse,
  INTERNAL_SERVER_ERROR,
  mapFunctionResponse,
} from './response-mapping.ts';
import { routeMatcher } from './route-matcher.ts';

/**
 * Invokes a function synchronously: resolves with its response payload, rejects when the function
 * failed (error, timeout, crash, throttle). The local Lambda service provides it.
 */
export type HttpApiInvoke = (functionName: string, event: APIGatewayProxyEventV2) => Promise<unknown>;

/** Serves a local route (such as `/_local/health`) with plain node:http objects and the read body. */
export type LocalRouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

/** Why an invocation did not give a response: for logs and tests. */
export interface IntegrationFailure {
  readonly requestId: string;
  readonly routeKey: string;
  readonly functionName: string;
  readonly reason: 'function-error' | 'timeout';
  readonly error?: unknown;
}

/**
 * The payload quota of an HTTP API request (10 MB).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Options for {@link startHttpApiServer}. */
export interface HttpApiServerOptions {
  /** The API to serve. @default - none: only local routes and the fallback answer */
  readonly api?: HttpApiDefinition;
  readonly invoke: HttpApiInvoke;
  /** `0` picks a free port. @default Number(process.env.PORT), else 3000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default MAX_REQUEST_BYTES (10 MB) */
  readonly maxRequestBytes?: number;
  /** Answers requests that match no route, instead of API Gateway's 404. @default - 404 {"message":"Not Found"} */
  readonly fallback?: LocalRouteHandler;
  /** Told about every failed or timed-out integration (API Gateway answers 500 or 503). @default - nothing */
  readonly onIntegrationFailure?: (failure: IntegrationFailure) => void;
  /** Told about an error of the server itself or of a local route (answered 500). @default - printed to stderr */
  readonly onError?: (error: unknown) => void;
}

/** A running local HTTP API. */
export interface HttpApiServer {
  /** `http://<host>:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Serves `method path` (exact path; method `ANY` for all) locally, before the API's routes. */
  addLocalRoute(method: string, path: string, handler: LocalRouteHandler): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

class PayloadTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new PayloadTooLarge());
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        fail(new PayloadTooLarge());
      } else chunks.push(chunk);
    });
    request.once('end', () => done(Buffer.concat(chunks)));
    request.once('error', fail);
  });
}

function write(response: ServerResponse, answer: HttpResponse, requestId?: string): void {
  for (const [name, values] of Object.entries(answer.headers)) response.setHeader(name, [...values]);
  if (requestId) response.setHeader('apigw-requestid', requestId);
  response.setHeader('content-length', answer.body.length);
  response.writeHead(answer.statusCode);
  response.end(answer.body);
}

/**
 * Starts an HTTP server (node:http) that emulates an API Gateway HTTP API: routes like API Gateway,
 * sends payload format 2.0 events to the injected `invoke`, maps responses back, and answers as API
 * Gateway does when something goes wrong: 404 with no route, 413 over 10 MB, 500 when the function
 * fails or answers malformed, 503 when it exceeds the integration timeout.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
export async function startHttpApiServer(options: HttpApiServerOptions): Promise<HttpApiServer> {
  const localRoutes = new Map<string, LocalRouteHandler>();
  const match = routeMatcher(options.api?.routes ?? []);
  const stagePrefix = options.api && options.api.stageName !== '$default' ? `/${options.api.stageName}` : '';
  const limit = options.maxRequestBytes ?? MAX_REQUEST_BYTES;

  const integrate = async (
    integration: LambdaIntegration,
    event: APIGatewayProxyEventV2,
  ): Promise<HttpResponse> => {
    const failure = (reason: IntegrationFailure['reason'], error?: unknown): void =>
      options.onIntegrationFailure?.({
        requestId: event.requestContext.requestId,
        routeKey: event.routeKey,
        functionName: integration.functionName,
        reason,
        ...(error === undefined ? {} : { error }),
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), integration.timeoutMillis);
    });
    try {
      const outcome = await Promise.race([
        options.invoke(integration.functionName, event).then(
          (payload) => ({ payload }),
          (error: unknown) => ({ error }),
        ),
        timeout,
      ]);
      if (outcome === 'timeout') {
        failure('timeout');
        return gatewayResponse(503, 'Service Unavailable');
      }
      if ('error' in outcome) {
        failure('function-error', outcome.error);
        return INTERNAL_SERVER_ERROR();
      }
      return mapFunctionResponse(outcome.payload);
    } finally {
      clearTimeout(timer);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const method = (request.method ?? 'GET').toUpperCase();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (!(error instanceof PayloadTooLarge)) throw error;
      response.setHeader('connection', 'close');
      write(response, gatewayResponse(413, 'Request Entity Too Large'), requestId);
      return;
    }
    const local = localRoutes.get(`${method} ${path}`) ?? localRoutes.get(`ANY ${path}`);
    if (local) return local(request, response, body);
    const api = options.api;
    const routed =
      api && path.startsWith(stagePrefix) ? match(method, path.slice(stagePrefix.length) || '/') : undefined;
    if (api && routed) {
      const target = {
        apiId: api.apiId,
        stageName: api.stageName,
        routeKey: routed.route.routeKey,
        pathParameters: routed.pathParameters,
      };
      write(
        response,
        await integrate(routed.route.integration, requestEvent(request, body, target, requestId)),
        requestId,
      );
      return;
    }
    if (options.fallback) return options.fallback(request, response, body);
    write(response, gatewayResponse(404, 'Not Found'), requestId);
  };

  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`local HTTP API: ${(error as Error).stack ?? String(error)}\n`));
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) write(response, INTERNAL_SERVER_ERROR());
      else response.destroy();
    });
  });
  const port = options.port ?? (Number(process.env.PORT) || 3000);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    const refuse = (error: unknown): void => fail(new HttpApiListenError(host, port, error));
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      done();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    addLocalRoute(routeMethod, routePath, handler) {
      localRoutes.set(`${routeMethod.toUpperCase()} ${routePath}`, handler);
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}
