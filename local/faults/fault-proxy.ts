import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AwsErrorResponse, AwsProtocol } from './aws-error-responses.ts';

/** What the proxy knows of one request when it decides what to do with it. */
export interface ProxiedRequest {
  readonly protocol: AwsProtocol;
  /** `PutItem`, `SendMessageBatch`, `Publish`, ... */
  readonly operation: string;
  /** The `app/<id>` of the SDK's user agent (`AWS_SDK_UA_APP_ID`), if any. */
  readonly appId: string | undefined;
}

/**
 * What to do with a request: pass it on; answer an AWS-shaped error (after passing it on, when the
 * request was applied but its answer is lost); hold it past the caller's timeout (after passing it
 * on, or before); or drop it unforwarded (its sender is being killed).
 */
export type ProxyAction =
  | { readonly kind: 'forward' }
  | { readonly kind: 'error'; readonly response: AwsErrorResponse; readonly afterForward: boolean }
  | { readonly kind: 'hold'; readonly holdMillis: number; readonly afterForward: boolean }
  | { readonly kind: 'drop' };

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Origin of the emulator, e.g. `http://127.0.0.1:8000`. */
  readonly target: string;
  readonly decide: (request: ProxiedRequest) => ProxyAction;
  /** Rewrites a forwarded answer's body (SQS queue URLs must name the proxy's port). @default - none */
  readonly rewriteBody?: (request: ProxiedRequest, body: string) => string;
}

/** A running fault proxy. */
export interface FaultProxy {
  readonly port: number;
  /** Requests in flight and open client connections, to check that nothing leaks. */
  readonly open: () => { readonly requests: number; readonly sockets: number };
  close(): Promise<void>;
}

interface Forwarded {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * A small HTTP proxy in front of one emulator that only the functions' environments talk to. It
 * forwards every request, and injects the faults {@link FaultProxyOptions.decide} asks for. When the
 * emulator is down (DynamoDB Local restarting), the client's connection is reset, which the SDK
 * retries like any network error.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    res.once('close', () => {
      requests -= 1;
    });
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const forward = (req: IncomingMessage, body: Buffer): Promise<Forwarded> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () =>
            resolve({
              statusCode: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.once('error', reject);
        },
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const proxied = describe(req, body);
    const action = options.decide(proxied);
    if (action.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const forwarded = action.kind === 'forward' || action.afterForward ? await forward(req, body) : undefined;
    if (action.kind === 'hold') {
      await holdUntilGone(req.socket, action.holdMillis);
      return;
    }
    if (action.kind === 'error') {
      res.writeHead(action.response.statusCode, action.response.headers);
      res.end(action.response.body);
      return;
    }
    if (forwarded === undefined) return;
    let answer = forwarded.body;
    if (options.rewriteBody && forwarded.statusCode === 200) {
      answer = Buffer.from(options.rewriteBody(proxied, answer.toString('utf8')));
    }
    const { 'transfer-encoding': _chunked, ...headers } = forwarded.headers;
    headers['content-length'] = String(answer.length);
    res.writeHead(forwarded.statusCode, headers);
    res.end(answer);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    open: () => ({ requests, sockets: sockets.size }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/** Waits until the client goes away (its environment was terminated) or `millis` pass, then cuts it off. */
function holdUntilGone(socket: Socket, millis: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, millis);
    socket.once('close', done);
  });
}

/** The protocol and operation of a request, from `x-amz-target` (JSON protocols; DynamoDB Streams counts as DynamoDB) or `Action=` (query). */
export function describe(req: Pick<IncomingMessage, 'headers'>, body: Buffer): ProxiedRequest {
  const userAgent = `${req.headers['user-agent'] ?? ''} ${req.headers['x-amz-user-agent'] ?? ''}`;
  const appId = /(?:^|\s)app\/([^\s]+)/.exec(userAgent)?.[1];
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('DynamoDB')) {
    return { protocol: 'dynamodb', operation: target.split('.')[1] ?? '', appId };
  }
  if (target.startsWith('AmazonSQS.'))
    return { protocol: 'sqs', operation: target.split('.')[1] ?? '', appId };
  const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
  return { protocol: 'sns', operation: action, appId };
}
