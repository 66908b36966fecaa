import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HttpApiServer } from '../apigateway/index.ts';
import type { LocalObservability } from './local-observability.ts';

const PAGE = new URL('./dashboard-page.html', import.meta.url);
const CLIENT = new URL('./dashboard-client.js', import.meta.url);

/** Chart.js's browser build, from node_modules (the page must work without internet). */
function chartJsPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

/**
 * Serves the observability routes on the local server: `GET /_local/metrics` (Prometheus text),
 * `GET /_local/dashboard` (the page), `GET /_local/dashboard/data` (what the page polls),
 * `GET /_local/alarms` (alarm states, JSON) and the page's scripts.
 */
export function addObservabilityRoutes(server: HttpApiServer, observability: LocalObservability): void {
  const send =
    (type: string, body: string | Buffer) =>
    (_request: unknown, response: import('node:http').ServerResponse) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
  server.addLocalRoute('GET', '/_local/metrics', (request, response) =>
    send('text/plain; version=0.0.4; charset=utf-8', observability.prometheusText())(request, response),
  );
  server.addLocalRoute('GET', '/_local/dashboard', send('text/html; charset=utf-8', readFileSync(PAGE)));
  server.addLocalRoute(
    'GET',
    '/_local/dashboard/client.js',
    send('text/javascript; charset=utf-8', readFileSync(CLIENT)),
  );
  server.addLocalRoute(
    'GET',
    '/_local/dashboard/chart.js',
    send('text/javascript; charset=utf-8', readFileSync(chartJsPath())),
  );
  server.addLocalRoute('GET', '/_local/dashboard/data', (request, response) =>
    send('application/json', JSON.stringify(observability.dashboardData()))(request, response),
  );
  server.addLocalRoute('GET', '/_local/alarms', (request, response) =>
    send('application/json', JSON.stringify({ alarms: observability.alarms.statuses() }, null, 2))(
      request,
      response,
    ),
  );
}
