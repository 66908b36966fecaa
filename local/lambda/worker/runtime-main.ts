/**
 * Entry point of one execution environment (a worker thread): it plays the part of Lambda's Node.js
 * runtime. It loads the handler once (the init phase), then runs invocations one at a time as the
 * host sends them. An uncaught exception or unhandled rejection ends the environment with exit
 * status 129 or 128, as the Node.js runtime does (aws-lambda-nodejs-runtime-interface-client,
 * src/index.ts), after telling the host why.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { resolveLocalhostSubdomains } from '../../emulators/loopback-dns.ts';
import { formatError } from '../function-error.ts';
import type { InvokeMessage, RuntimeBootData, RuntimeMessage } from '../worker-protocol.ts';
import { type HandlerFunction, loadHandler } from './handler-loader.ts';
import { buildLambdaContext } from './lambda-context.ts';
import { runHandler } from './run-handler.ts';
import { RuntimeError } from './runtime-error.ts';
import { lowerThreadPriority } from './thread-priority.ts';

function requireParentPort(): MessagePort {
  if (parentPort === null) {
    throw new Error(
      'runtime-main.ts runs only inside a worker thread started by ExecutionEnvironment; use LocalFunction instead.',
    );
  }
  return parentPort;
}

const port = requireParentPort();
const boot = workerData as RuntimeBootData;
const send = (message: RuntimeMessage): void => port.postMessage(message);

process.on('uncaughtException', (error) => {
  send({ type: 'crash', kind: 'Uncaught Exception', error: formatError(error) });
  process.exit(129);
});
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError('Runtime.UnhandledPromiseRejection', String(reason), { cause: reason });
  send({ type: 'crash', kind: 'Unhandled Promise Rejection', error: formatError(error) });
  process.exit(128);
});

async function invoke(handler: HandlerFunction, message: InvokeMessage): Promise<void> {
  const context = buildLambdaContext(boot, message.requestId, message.deadlineMillis);
  try {
    const result = await runHandler(handler, JSON.parse(message.eventJson), context, boot.runtime);
    // Lambda serializes the result with JSON.stringify; `undefined` becomes `null`.
    const payloadJson = JSON.stringify(result) ?? 'null';
    send({ type: 'response', requestId: message.requestId, payloadJson });
  } catch (error) {
    send({ type: 'error', requestId: message.requestId, error: formatError(error) });
  }
}

async function start(): Promise<void> {
  // fauxqs queue URLs use *.localhost hosts, which glibc does not resolve by itself.
  resolveLocalhostSubdomains();
  if (boot.cpuNiceness > 0) lowerThreadPriority(boot.cpuNiceness);
  if (/--enable-source-maps\b/.test(process.env.NODE_OPTIONS ?? '')) process.setSourceMapsEnabled(true);
  let handler: HandlerFunction;
  try {
    handler = await loadHandler(boot.taskRoot, boot.handler, boot.runtime);
  } catch (error) {
    send({ type: 'init-error', error: formatError(error) });
    return;
  }
  port.on('message', (message: InvokeMessage) => {
    void invoke(handler, message);
  });
  send({ type: 'ready' });
}

await start();
