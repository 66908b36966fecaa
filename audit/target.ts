import { createWriteStream } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize } from '../local/assembly/index.ts';
import { type LocalCloud, startLocalCloud } from '../local/cloud/local-cloud.ts';
import { resolveLocalhostSubdomains } from '../local/emulators/index.ts';
import { DEFAULT_FAULT_RATES, type FaultCounts, type FaultPlan } from '../local/faults/index.ts';
import type { LogSink } from '../local/lambda/index.ts';
import { compressTime, type TimeCompression } from './compress-time.ts';
import { MemorySampler, type MemorySummary } from './memory.ts';
import type { AuditOptions } from './options.ts';

/** The queues and tables of the cloud under audit, from its /_local/resources page. */
export interface CloudResources {
  readonly env: Readonly<Record<string, string>>;
  readonly shopTable: string;
  readonly queues: readonly {
    readonly logicalId: string;
    readonly url: string;
    readonly deadLetter: boolean;
  }[];
}

/** The cloud the audit drives. */
export interface AuditTarget {
  readonly url: string;
  readonly resources: CloudResources;
  readonly faultPlan?: FaultPlan;
  readonly timeCompression?: TimeCompression;
  faultCounts(): Promise<FaultCounts | undefined>;
  /** Stops new faults so the pipeline can drain (in-process only). */
  pauseFaults(): void;
  stopMemory(): MemorySummary | undefined;
  stop(): Promise<void>;
}

/** Logical id prefixes of the shop's queue consumers. */
const CONSUMERS = ['Inventory', 'Payment', 'NotificationsUrgent', 'NotificationsRoutine', 'OutboxRehydrator'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** SDK client settings for one of the cloud's emulators (endpoint, region, its dummy credentials). */
export function clientConfig(resources: CloudResources, endpointVariable: string) {
  const env = resources.env;
  return {
    endpoint: env[endpointVariable],
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
}

/** Reads the cloud's resources page. */
export async function readResources(url: string): Promise<CloudResources> {
  const response = await fetch(new URL('/_local/resources', url));
  if (!response.ok)
    throw new Error(`${url}/_local/resources answered ${response.status}: is it a Ferry local cloud?`);
  const page = (await response.json()) as {
    environment: Record<string, string>;
    resources: { logicalId: string; type: string; physicalId: string; queueUrl?: string; stack: string }[];
  };
  const shop = page.resources.find(
    (r) => r.type === 'AWS::DynamoDB::Table' && r.logicalId.startsWith('ShopTable'),
  );
  if (!shop) throw new Error(`${url} runs no shop (no ShopTable among its resources)`);
  return {
    env: page.environment,
    shopTable: shop.physicalId,
    queues: page.resources
      .filter((r) => r.type === 'AWS::SQS::Queue' && r.queueUrl && r.stack === shop.stack)
      .map((r) => ({
        logicalId: r.logicalId,
        url: r.queueUrl ?? '',
        deadLetter: /DeadLetterQueue/.test(r.logicalId),
      })),
  };
}

/** Connects to a running local cloud (`--url`): its faults are whatever it runs. */
export async function connectTarget(url: string): Promise<AuditTarget> {
  // The emulators' queue URLs use subdomains of localhost (sqs.<region>.localhost).
  resolveLocalhostSubdomains();
  const resources = await readResources(url);
  return {
    url,
    resources,
    faultCounts: async () => {
      const response = await fetch(new URL('/_local/faults', url)).catch(() => undefined);
      return response?.ok ? ((await response.json()) as FaultCounts) : undefined;
    },
    pauseFaults: () => {},
    stopMemory: () => undefined,
    stop: async () => {},
  };
}

/**
 * Starts the shop's local cloud in this process for the audit: synthesized into a temporary folder
 * with compressed time (see compressTime), DynamoDB persisted in a temporary folder (so restarts
 * keep the data), retry backoff shortened (base 1 s, cap `backoffCapSeconds`) and the chosen faults.
 */
export async function startTarget(options: AuditOptions): Promise<AuditTarget> {
  await mkdir(join(ROOT, '.cache'), { recursive: true });
  const work = await mkdtemp(join(ROOT, '.cache', 'audit-'));
  const persistDir = await mkdtemp(join(tmpdir(), 'ferry-audit-ddb-'));
  const outdir = join(work, 'cdk.out');
  if (options.assemblyDir) {
    // A copy: compressTime rewrites the templates in place.
    options.log(`audit: copying the assembly ${options.assemblyDir} to ${outdir}`);
    await cp(options.assemblyDir, outdir, { recursive: true });
  } else {
    options.log(`audit: synthesizing the app into ${outdir}`);
    await synthesize({ outdir });
  }
  const timeCompression = await compressTime(outdir, options.timeScale);
  const faultPlan = planFaults(options);
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      port: 0,
      assemblyDir: outdir,
      persistDir,
      // Shortened like the clocks (base 2 s and cap 900 s on AWS).
      environmentOverrides: Object.fromEntries(
        CONSUMERS.map((id) => [
          id,
          { FERRY_BACKOFF_BASE_SECONDS: '1', FERRY_BACKOFF_CAP_SECONDS: String(options.backoffCapSeconds) },
        ]),
      ),
      ...(faultPlan ? { faults: faultPlan } : {}),
      log: (line) => options.log(line),
      logSink: options.functionLogFile ? problemLines(options.functionLogFile) : () => {},
    });
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const sampler = new MemorySampler(
    () => cloud.emulators.dynamodb.pid,
    () =>
      [...cloud.functions.values()].reduce(
        (sum, fn) => sum + fn.environments().filter((e) => e.state !== 'terminated').length,
        0,
      ),
  );
  return {
    url: cloud.url,
    resources: await readResources(cloud.url),
    ...(faultPlan ? { faultPlan } : {}),
    timeCompression,
    faultCounts: async () => cloud.faults.counts(),
    pauseFaults: () => cloud.faults.pause(),
    stopMemory: () => sampler.stop(),
    stop: async () => {
      await cloud.stop();
      await rm(work, { recursive: true, force: true });
      await rm(persistDir, { recursive: true, force: true });
    },
  };
}

/** A log sink keeping the lines worth reading after a failed audit (warnings, errors, timeouts). */
function problemLines(file: string): LogSink {
  const out = createWriteStream(file, { flags: 'a' });
  return ({ functionName, environmentId, line }) => {
    if (/"level":"(WARN|ERROR|CRITICAL)"|Task timed out|Error/i.test(line)) {
      out.write(`${new Date().toISOString()} [${functionName} ${environmentId}] ${line}\n`);
    }
  };
}

function planFaults(options: AuditOptions): FaultPlan | undefined {
  if (options.faults.length === 0) return undefined;
  const on = new Set(options.faults);
  const rate = (
    kind: keyof typeof DEFAULT_FAULT_RATES & keyof NonNullable<AuditOptions['rates']>,
    enabled: boolean,
  ) => (enabled ? (options.rates?.[kind] ?? DEFAULT_FAULT_RATES[kind]) : 0);
  return {
    seed: options.seed,
    killBeforeEffect: rate('killBeforeEffect', on.has('killBeforeEffect')),
    lostAck: rate('lostAck', on.has('lostAck')),
    timeout: rate('timeout', on.has('timeout')),
    sdkErrorRate: rate('sdkErrorRate', on.has('sdkErrors')),
    ...(on.has('dynamoRestarts')
      ? {
          dynamoRestartEverySeconds:
            options.dynamoRestartEverySeconds ?? DEFAULT_FAULT_RATES.dynamoRestartEverySeconds,
        }
      : {}),
  };
}
