import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type CheckResult, checkAudit } from './checker.ts';
import { drainPipeline } from './drain.ts';
import { type DriveResult, driveShop } from './driver.ts';
import type { MemorySummary } from './memory.ts';
import { AUDIT_DEFAULTS, type AuditOptions } from './options.ts';
import { readSystemState } from './read-state.ts';
import type { SystemState } from './system-state.ts';
import { type AuditTarget, type CloudResources, clientConfig, connectTarget, startTarget } from './target.ts';
import { planWorkload } from './workload.ts';

/** Everything one audit found: the JSON report. */
export interface AuditReport {
  readonly passed: boolean;
  readonly runId: string;
  readonly options: Omit<AuditOptions, 'log'>;
  readonly target: { readonly url: string; readonly inProcess: boolean };
  readonly faultPlan?: unknown;
  readonly faultsInjected?: unknown;
  readonly timeCompression?: unknown;
  readonly traffic: Omit<DriveResult, 'accepted' | 'violations' | 'usersCreated'> & {
    readonly ordersAccepted: number;
    readonly ordersPerSecond: number;
    readonly usersCreated: number;
  };
  readonly drain: { readonly drained: boolean; readonly seconds: number };
  readonly outcomes: Record<string, number>;
  readonly acceptToFinalMillis: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly deadLetters: { readonly total: number; readonly unexpected: readonly string[] };
  readonly violations: CheckResult['violations'];
  readonly memory?: MemorySummary;
  readonly wallSeconds: number;
}

/** Runs one audit: starts (or connects to) the cloud, drives it, drains, checks, reports. */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const target: AuditTarget = options.url ? await connectTarget(options.url) : await startTarget(options);
  try {
    const runId = `a${options.seed}x${Date.now().toString(36)}`;
    const count = options.durationSeconds
      ? Math.ceil(options.durationSeconds * options.ratePerSecond)
      : options.orders;
    const workload = planWorkload(count, options.seed, runId);
    options.log(
      `audit: ${runId}: ${count} orders, ${options.concurrency} clients, faults ${JSON.stringify(target.faultPlan ?? 'none')} against ${target.url}`,
    );
    const drive = await driveShop(target.url, workload, {
      concurrency: options.concurrency,
      ...(options.durationSeconds ? { ratePerSecond: options.ratePerSecond } : {}),
      log: options.log,
    });
    // The pipeline lags the API: keep the faults on while it works the orders off, then heal and drain.
    const tailSeconds = target.faultPlan ? (options.faultTailSeconds ?? AUDIT_DEFAULTS.faultTailSeconds) : 0;
    options.log(
      `audit: ${drive.accepted.length} orders accepted in ${drive.drivingSeconds.toFixed(1)} s; faults stay on ${tailSeconds} s more, then pause for the drain`,
    );
    await new Promise((resolve) => setTimeout(resolve, tailSeconds * 1000));
    target.pauseFaults();
    const acceptedIds = new Set(drive.accepted.map((a) => a.orderId));
    const drain = await drainPipeline(
      target.resources,
      () => settled(target.resources, runId, acceptedIds),
      options.drainTimeoutSeconds,
      options.log,
    );
    const state = await readSystemState(target.resources, runId);
    const check = checkAudit({
      accepted: drive.accepted,
      initialStock: workload.initialStock,
      state,
      drained: drain.drained,
      drainSeconds: drain.seconds,
      clientViolations: drive.violations,
    });
    const faultsInjected = await target.faultCounts();
    const memory = target.stopMemory();
    const { accepted: _accepted, violations: _violations, usersCreated, ...traffic } = drive;
    return {
      passed: check.violations.length === 0,
      runId,
      options: withoutLog(options),
      target: { url: target.url, inProcess: !options.url },
      ...(target.faultPlan ? { faultPlan: target.faultPlan } : {}),
      ...(faultsInjected ? { faultsInjected } : {}),
      ...(target.timeCompression ? { timeCompression: target.timeCompression } : {}),
      traffic: {
        ...traffic,
        ordersAccepted: acceptedIds.size,
        ordersPerSecond: Math.round((acceptedIds.size / drive.drivingSeconds) * 10) / 10,
        usersCreated: usersCreated.length,
      },
      drain: { drained: drain.drained, seconds: Math.round(drain.seconds * 10) / 10 },
      outcomes: check.outcomes,
      acceptToFinalMillis: latencies(state, acceptedIds),
      deadLetters: { total: state.deadLetters.length, unexpected: check.unexpectedDeadLetters },
      violations: check.violations,
      ...(memory ? { memory } : {}),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await target.stop();
  }
}

function withoutLog(options: AuditOptions): Omit<AuditOptions, 'log'> {
  const { log: _, ...rest } = options;
  return rest;
}

/** Every accepted order final, or as many PENDING ones as the DLQs hold messages at most. */
async function settled(
  resources: CloudResources,
  runId: string,
  accepted: ReadonlySet<string>,
): Promise<boolean> {
  const state = await readSystemState(resources, runId, { deadLetters: false });
  const pending = [...accepted].filter(
    (id) => (state.orders.get(id)?.status ?? 'PENDING') === 'PENDING',
  ).length;
  if (pending === 0) return true;
  const sqs = new SQSClient(clientConfig(resources, 'AWS_ENDPOINT_URL_SQS'));
  let dead = 0;
  for (const queue of resources.queues.filter((q) => q.deadLetter)) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    dead += Number(Attributes.ApproximateNumberOfMessages ?? 0);
  }
  return pending <= dead;
}

/** Accept (createdAt) to final (updatedAt) of the final orders, in milliseconds. */
function latencies(state: SystemState, accepted: ReadonlySet<string>) {
  const values = [...state.orders.values()]
    .filter((o) => accepted.has(o.orderId) && o.status !== 'PENDING')
    .map((o) => Date.parse(o.updatedAt) - Date.parse(o.createdAt))
    .sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: values.at(-1) ?? 0 };
}
