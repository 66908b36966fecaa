import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake serves on /_local/resources, in the local cloud's shape. */
export interface FakeLocalResources {
  readonly queues?: readonly { readonly logicalId: string; readonly url: string }[];
  readonly tables?: readonly { readonly logicalId: string; readonly name: string }[];
  readonly outboxes?: readonly { readonly table: string; readonly routes: string }[];
  /** Served as /_local/metrics (Prometheus text). @default '' */
  readonly metrics?: string;
}

/**
 * A stand-in for a running local cloud: /_local/health, /_local/resources and /_local/metrics, pointing at the
 * test run's emulators. Cheaper than starting the whole local cloud.
 */
export async function startFakeLocalCloud(
  resources: FakeLocalResources,
): Promise<{ url: string; close(): Promise<void> }> {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')),
  );
  const body = {
    resources: [
      ...(resources.queues ?? []).map((queue) => ({
        logicalId: queue.logicalId,
        type: 'AWS::SQS::Queue',
        queueUrl: queue.url,
      })),
      ...(resources.tables ?? []).map((table) => ({
        logicalId: table.logicalId,
        type: 'AWS::DynamoDB::Table',
        physicalId: table.name,
      })),
    ],
    environment,
    outboxes: resources.outboxes ?? [],
  };
  const server: Server = createServer((request, response) => {
    if (request.url === '/_local/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(resources.metrics ?? '');
      return;
    }
    const found =
      request.url === '/_local/health'
        ? { status: 'ok' }
        : request.url === '/_local/resources'
          ? body
          : undefined;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(found ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
