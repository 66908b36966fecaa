import type { Emulators } from '../emulators/index.ts';
import { startDynamoDbRestarter } from './dynamodb-restarter.ts';
import { FaultInjector } from './fault-injector.ts';
import type { FaultPlan } from './fault-plan.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { validateFaultPlan } from './validate-fault-plan.ts';

/** The fault machinery of a local cloud: the injector, a proxy per emulator, the restarter. */
export interface RunningFaults {
  readonly injector: FaultInjector;
  readonly proxies: { readonly dynamodb: FaultProxy; readonly sqs: FaultProxy };
  /**
   * A function's variables with every emulator address (endpoints, queue URLs, also inside JSON
   * values) pointed at the proxies, so all its AWS calls pass them.
   */
  functionEnvironment(variables: Readonly<Record<string, string>>): Record<string, string>;
  stop(): Promise<void>;
}

const QUEUE_URL_OPERATIONS = new Set(['GetQueueUrl', 'CreateQueue', 'ListQueues']);

/**
 * Starts the faults of `plan` around running emulators. Event source pollers, the checker and ops
 * keep talking to the emulators directly; only function environments get the proxies' addresses.
 */
export async function startFaults(
  plan: FaultPlan,
  emulators: Emulators,
  options: { readonly persistDir?: string; readonly log: (line: string) => void },
): Promise<RunningFaults> {
  validateFaultPlan(plan, options);
  const injector = new FaultInjector(plan);
  const decide = injector.decide.bind(injector);
  const dynamodb = await startFaultProxy({ target: emulators.dynamodb.endpoint, decide });
  const sqsPort = emulators.sqs.port;
  let sqsProxyPort = 0;
  const sqs = await startFaultProxy({
    target: emulators.sqs.endpoint,
    decide,
    // fauxqs answers with queue URLs on its own port; the SDK sends to a queue URL's host, so the
    // function must learn the proxy's port instead or its calls would go around the proxy.
    rewriteBody: (request, body) =>
      request.protocol === 'sqs' && QUEUE_URL_OPERATIONS.has(request.operation)
        ? retarget(body, sqsPort, sqsProxyPort)
        : body,
  }).catch(async (error: unknown) => {
    await dynamodb.close();
    throw error;
  });
  sqsProxyPort = sqs.port;
  const every = plan.dynamoRestartEverySeconds ?? 0;
  const restarter =
    every > 0
      ? startDynamoDbRestarter({
          dynamodb: emulators.dynamodb,
          everySeconds: every,
          shouldRestart: () => !injector.paused,
          onRestart: () => injector.countRestart(),
          log: options.log,
        })
      : undefined;
  return {
    injector,
    proxies: { dynamodb, sqs },
    functionEnvironment: (variables) =>
      Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [
          name,
          retarget(retarget(value, emulators.dynamodb.port, dynamodb.port), sqsPort, sqs.port),
        ]),
      ),
    stop: async () => {
      await restarter?.stop();
      await Promise.all([dynamodb.close(), sqs.close()]);
    },
  };
}

/** `text` with loopback addresses on port `from` (127.0.0.1, localhost, *.localhost) moved to port `to`. */
export function retarget(text: string, from: number, to: number): string {
  return text.replace(
    new RegExp(`(//(?:[A-Za-z0-9-]+\\.)*localhost|//127\\.0\\.0\\.1):${from}(?![0-9])`, 'g'),
    `$1:${to}`,
  );
}
