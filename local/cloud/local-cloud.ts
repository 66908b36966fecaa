import type { ServerResponse } from 'node:http';
import { ENV } from '../../runtime/contract.ts';
import { type HttpApiServer, startHttpApiServer } from '../apigateway/index.ts';
import { type CloudAssembly, readCloudAssembly, synthesize } from '../assembly/index.ts';
import { type ProvisionedCloud, provisionAssembly } from '../cfn/index.ts';
import { type Emulators, resolveLocalhostSubdomains, startEmulators } from '../emulators/index.ts';
import {
  type FaultControls,
  type FaultPlan,
  type RunningFaults,
  startFaults,
  validateFaultPlan,
} from '../faults/index.ts';
import {
  AccountConcurrency,
  ColdStartGate,
  LocalFunction,
  type LogSink,
  prefixedLogSink,
} from '../lambda/index.ts';
import { addObservabilityRoutes, LocalObservability } from '../observability/index.ts';
import { type RunningMapping, startMapping } from './event-source-mappings.ts';

/** Options of {@link startLocalCloud}. */
export interface LocalCloudOptions {
  /** HTTP port of the API and the local pages. @default Number(process.env.PORT) || 3000 */
  readonly port?: number;
  /** Keep DynamoDB data in this folder across runs. @default - in memory */
  readonly persistDir?: string;
  /**
   * Extra environment per function, keyed by function name, logical id, or the start of the
   * logical id (CDK appends a hash): `{ Payment: { FERRY_BACKOFF_CAP_SECONDS: '2' } }`.
   */
  readonly environmentOverrides?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Read this cloud assembly instead of synthesizing the app of `cdk.json`. */
  readonly assemblyDir?: string;
  /** Where `cdk synth` writes. @default 'cdk.out' */
  readonly outdir?: string;
  /** Where function output goes. @default - lines prefixed with the function name, on stdout */
  readonly logSink?: LogSink;
  /** Told about each line worth a person's attention (warnings, progress). @default console.log */
  readonly log?: (line: string) => void;
  /** Concurrent executions of all functions together, like an account quota. @default 100 */
  readonly accountConcurrency?: number;
  /**
   * Linux niceness of the environments of functions not behind the HTTP API (consumers, relays).
   * On AWS each environment has CPU of its own; here they share the machine's cores, and a busy
   * pipeline would otherwise slow every synchronous request. 0 turns it off.
   * @default 10
   */
  readonly backgroundNiceness?: number;
  /**
   * Multiplies every alarm and dashboard period, so alarms that need minutes on AWS change in
   * seconds: 0.05 turns a 60 s period into 3 s (thresholds stay as they are). @default 1
   */
  readonly metricPeriodScale?: number;
  /** Faults to inject (killed environments, lost acks, timeouts, AWS errors, DynamoDB restarts). @default - none */
  readonly faults?: FaultPlan;
}

/** A running local cloud. */
export interface LocalCloud {
  readonly url: string;
  readonly provisioned: ProvisionedCloud;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly mappings: readonly RunningMapping[];
  readonly emulators: Emulators;
  readonly server: HttpApiServer;
  /** Metrics, alarms and dashboards (served at /_local/dashboard and /_local/metrics). */
  readonly observability: LocalObservability;
  /** What the fault plan injected so far, and pause/resume of new faults. */
  readonly faults: FaultControls;
  /** Stops everything; resolves when no worker, poller or emulator is left. */
  stop(): Promise<void>;
}

/**
 * Runs a synthesized CDK app on this machine: starts DynamoDB Local and fauxqs, provisions every
 * stack of the cloud assembly, runs each Lambda function in local execution environments, starts a
 * poller per event source mapping, and serves the HTTP API, all from the same template that
 * `cdk deploy` ships. No Docker, no AWS account.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.faults) validateFaultPlan(options.faults, options);
  const port = options.port ?? (Number(process.env.PORT) || 3000);
  // Lambda runs in UTC; worker threads share the process's time zone.
  process.env.TZ = 'UTC';
  const assembly: CloudAssembly = options.assemblyDir
    ? await readCloudAssembly(options.assemblyDir)
    : await synthesize({ outdir: options.outdir ?? 'cdk.out' });
  const emulators = await startEmulators(options.persistDir ? { persistDir: options.persistDir } : {});
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  };
  try {
    Object.assign(process.env, emulators.env);
    resolveLocalhostSubdomains();
    const provisioned = await provisionAssembly(assembly, { apiEndpoint: `http://localhost:${port}` });
    for (const warning of provisioned.warnings) log(`warning: ${warning}`);
    const observability = new LocalObservability({
      resources: provisioned.resources,
      fauxqs: emulators.sqs.server,
      ...(options.metricPeriodScale === undefined ? {} : { metricPeriodScale: options.metricPeriodScale }),
      log,
    });
    stops.push(async () => observability.stop());
    for (const warning of observability.warnings) log(`warning: ${warning}`);

    let faults: RunningFaults | undefined;
    if (options.faults) {
      faults = await startFaults(options.faults, emulators, { ...options, log });
      const running = faults;
      stops.push(() => running.stop());
    }
    const account = new AccountConcurrency({ concurrentExecutions: options.accountConcurrency ?? 100 });
    const functions = new Map<string, LocalFunction>();
    // Functions behind the HTTP API get a cold-start gate of their own: on AWS every environment
    // has its own CPU, so a burst of consumer cold starts never delays a synchronous request.
    const apiFunctions = new Set(
      provisioned.httpApis.flatMap((api) => api.routes.map((r) => r.integration.functionName)),
    );
    const apiGate = new ColdStartGate();
    for (const model of provisioned.functions) {
      if (!model.codeDir) continue;
      const overrides = overridesFor(model.logicalId, model.functionName, options.environmentOverrides ?? {});
      const environment = { ...model.environment, ...endpointEnv(emulators), ...overrides };
      const faultTag = faults?.injector.register({
        functionName: model.functionName,
        eligible: faultEligible(
          model.logicalId,
          apiFunctions.has(model.functionName),
          options.faults?.functions,
        ),
        timeoutSeconds: model.timeoutSeconds,
      });
      functions.set(
        model.functionName,
        new LocalFunction({
          functionName: model.functionName,
          codeDir: model.codeDir,
          handler: model.handler ?? 'index.handler',
          environment: faults ? faults.functionEnvironment(environment) : environment,
          ...(faultTag ? { environmentVariables: faultTag } : {}),
          memorySizeMb: model.memorySizeMb,
          timeoutSeconds: model.timeoutSeconds,
          reservedConcurrency: model.reservedConcurrency,
          account,
          ...(apiFunctions.has(model.functionName)
            ? { coldStartGate: apiGate }
            : { cpuNiceness: options.backgroundNiceness ?? 10 }),
          region: emulators.region,
          logSink: observability.logSink(options.logSink ?? prefixedLogSink(process.stdout)),
          observer: observability.invocationObserver,
        }),
      );
    }
    stops.push(async () => {
      await Promise.all([...functions.values()].map((fn) => fn.dispose()));
    });
    const invoke = async (functionName: string, event: unknown): Promise<unknown> => {
      const fn = functions.get(functionName);
      if (!fn) throw new Error(`no local function named ${functionName}`);
      const result = faults ? await faults.injector.invoke(fn, event) : await fn.invoke(event);
      if (!result.ok)
        throw Object.assign(new Error(result.error.errorMessage), { name: result.error.errorType });
      return result.payload;
    };

    const mappings: RunningMapping[] = [];
    stops.push(async () => {
      await Promise.all(mappings.map((mapping) => mapping.stop()));
    });
    for (const model of provisioned.eventSourceMappings) {
      const running = await startMapping(
        model,
        provisioned.resources,
        observability.observeInvoke(invoke),
        (line) => log(`warning: ${line}`),
      );
      if (running) mappings.push(running);
    }

    observability.start(
      mappings.map(({ model, stats }) => ({
        uuid: model.uuid,
        functionName: model.functionName,
        stats,
        ...(model.source.kind === 'sqs' ? { queueName: model.source.queueName } : {}),
      })),
    );
    if (provisioned.httpApis.length > 1)
      log(`warning: ${provisioned.httpApis.length} HTTP APIs; only the first is served`);
    const server = await startHttpApiServer({ api: provisioned.httpApis[0], invoke, port });
    stops.push(() => server.close());
    const cloud: LocalCloud = {
      url: server.url,
      provisioned,
      functions,
      mappings,
      emulators,
      server,
      observability,
      faults: faults?.injector ?? noFaults(),
      stop: stopAll,
    };
    addLocalRoutes(cloud);
    addObservabilityRoutes(server, observability);
    return cloud;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function noFaults(): FaultControls {
  const zero = { killBeforeEffect: 0, lostAck: 0, timeout: 0, sdkErrors: 0, dynamoRestarts: 0 };
  return { counts: () => ({ ...zero }), pause: () => {}, resume: () => {} };
}

/** Kill and timeout faults hit the functions the plan names, by default all but the HTTP API's. */
function faultEligible(
  logicalId: string,
  behindApi: boolean,
  prefixes: readonly string[] | undefined,
): boolean {
  return prefixes === undefined ? !behindApi : prefixes.some((prefix) => logicalId.startsWith(prefix));
}

function overridesFor(
  logicalId: string,
  functionName: string,
  overrides: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Record<string, string> {
  const matching = Object.entries(overrides).filter(
    ([key]) => key === functionName || logicalId.startsWith(key),
  );
  return Object.assign({}, ...matching.map(([, values]) => values));
}

/** The emulator endpoints a function reaches AWS through (credentials and region are set apart). */
function endpointEnv(emulators: Emulators): Record<string, string> {
  return Object.fromEntries(
    Object.entries(emulators.env).filter(([name]) => name.startsWith('AWS_ENDPOINT_URL')),
  );
}

function addLocalRoutes(cloud: LocalCloud): void {
  const json = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body, null, 2));
  };
  cloud.server.addLocalRoute('GET', '/_local/health', (_request, response) =>
    json(response, { status: 'ok', functions: cloud.functions.size, mappings: cloud.mappings.length }),
  );
  // What the fault plan injected so far (all zeros without one), beside the dashboard.
  cloud.server.addLocalRoute('GET', '/_local/faults', (_request, response) =>
    json(response, cloud.faults.counts()),
  );
  cloud.server.addLocalRoute('GET', '/_local/resources', (_request, response) =>
    json(response, {
      resources: cloud.provisioned.resources.map((r) => ({
        stack: r.stackName,
        logicalId: r.logicalId,
        type: r.type,
        physicalId: r.physicalId,
        effect: r.effect,
        ...(r.type === 'AWS::SQS::Queue' ? { queueUrl: r.ref, arn: r.attributes.Arn } : {}),
      })),
      mappings: cloud.mappings.map((m) => ({
        logicalId: m.model.logicalId,
        function: m.model.functionName,
        stats: m.stats,
      })),
      warnings: cloud.provisioned.warnings,
      // Endpoints, region and (dummy) credentials of the emulators, for tools such as `ferry dlq`.
      environment: cloud.emulators.env,
      // The relay's table and routes, so `ferry outbox replay` publishes where the relay does.
      outboxes: cloud.provisioned.functions
        .filter((fn) => fn.environment[ENV.outboxRoutes] !== undefined)
        .map((fn) => ({
          function: fn.functionName,
          table: fn.environment[ENV.outboxTable],
          routes: fn.environment[ENV.outboxRoutes],
        })),
    }),
  );
}
