import type { InvokeOptions, InvokeResult, LocalFunction } from '../lambda/index.ts';
import { awsErrorResponse } from './aws-error-responses.ts';
import type { FaultControls, FaultCounts, FaultPlan } from './fault-plan.ts';
import type { ProxiedRequest, ProxyAction } from './fault-proxy.ts';
import { FaultRng } from './fault-rng.ts';
import { drawInvocationFault, type InvocationFault } from './invocation-faults.ts';

/** A function the injector knows: its name, whether kill/timeout faults apply, its timeout. */
export interface FaultTarget {
  readonly functionName: string;
  /** Gets kill, lost-ack and timeout faults. */
  readonly eligible: boolean;
  readonly timeoutSeconds: number;
}

interface Running {
  readonly fault: InvocationFault;
  readonly abort: AbortController;
  readonly timeoutMillis: number;
  calls: number;
  hanging: boolean;
}

/**
 * Decides and applies the faults of a {@link FaultPlan}: per invocation (killed before its effect,
 * lost ack, timeout) for the eligible functions, and per AWS call that reaches a fault proxy
 * (throttling and 5xx errors, before or after the request is applied). It tags each environment's
 * AWS calls (`AWS_SDK_UA_APP_ID`) so a proxied call is traced to the invocation that made it.
 */
export class FaultInjector implements FaultControls {
  readonly #plan: FaultPlan;
  readonly #rng: FaultRng;
  readonly #targets: FaultTarget[] = [];
  readonly #indexByName = new Map<string, number>();
  readonly #running = new Map<string, Running>();
  #paused = false;
  #counts = { killBeforeEffect: 0, lostAck: 0, timeout: 0, sdkErrors: 0, dynamoRestarts: 0 };

  constructor(plan: FaultPlan) {
    this.#plan = plan;
    this.#rng = new FaultRng(plan.seed);
  }

  counts(): FaultCounts {
    return { ...this.#counts };
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Counts one DynamoDB Local restart (the restarter calls it). */
  countRestart(): void {
    this.#counts.dynamoRestarts += 1;
  }

  /** Registers a function; returns the variables that tag its environments' AWS calls. */
  register(target: FaultTarget): (environmentId: string) => Record<string, string> {
    const index = this.#targets.length;
    this.#targets.push(target);
    this.#indexByName.set(target.functionName, index);
    const prefix = `${target.functionName}-`;
    return (environmentId) => {
      const n = environmentId.startsWith(prefix) ? Number(environmentId.slice(prefix.length)) : 0;
      // Environment ids are `<function>-<n>`: the tag carries the function's index and n (base 36),
      // which needs no table that grows. It stays short because Powertools appends its own user
      // agent to the app id and the SDK warns past 50 characters.
      return {
        AWS_SDK_UA_APP_ID: `f${index.toString(36)}.${(Number.isSafeInteger(n) ? n : 0).toString(36)}`,
      };
    };
  }

  /** Invokes `fn` with the faults this invocation draws. */
  async invoke(fn: LocalFunction, event: unknown): Promise<InvokeResult> {
    const index = this.#indexByName.get(fn.functionName);
    const target = index === undefined ? undefined : this.#targets[index];
    if (target === undefined || !target.eligible || this.#paused) return fn.invoke(event);
    const fault = drawInvocationFault(this.#rng, this.#plan, fn.functionName);
    if (fault.kind === 'none') return fn.invoke(event);
    const running: Running = {
      fault,
      abort: new AbortController(),
      timeoutMillis: target.timeoutSeconds * 1000,
      calls: 0,
      hanging: false,
    };
    let environmentId: string | undefined;
    const options: InvokeOptions = {
      signal: running.abort.signal,
      onEnvironment: (id) => {
        environmentId = id;
        this.#running.set(id, running);
        if (fault.kind === 'kill-before-effect' && fault.atCall === 0) this.#kill(running);
      },
      ...(fault.kind === 'lost-ack'
        ? {
            beforeReturn: () => {
              if (this.#paused) return 'return';
              this.#counts.lostAck += 1;
              return 'kill';
            },
          }
        : {}),
    };
    try {
      return await fn.invoke(event, options);
    } finally {
      if (environmentId !== undefined && this.#running.get(environmentId) === running) {
        this.#running.delete(environmentId);
      }
    }
  }

  /** What the fault proxy does with one AWS call made by a function. */
  decide(request: ProxiedRequest): ProxyAction {
    const running = this.#runningFor(request.appId);
    if (running !== undefined) {
      running.calls += 1;
      const { fault } = running;
      if (running.hanging)
        return { kind: 'hold', holdMillis: running.timeoutMillis + 5_000, afterForward: false };
      if (!this.#paused && fault.kind === 'kill-before-effect' && fault.atCall === running.calls) {
        this.#kill(running);
        return { kind: 'drop' };
      }
      if (!this.#paused && fault.kind === 'timeout') {
        // Every later call of this invocation hangs too: the SDK's own retries must not rescue it.
        running.hanging = true;
        this.#counts.timeout += 1;
        return { kind: 'hold', holdMillis: running.timeoutMillis + 5_000, afterForward: fault.afterForward };
      }
    }
    const rate = this.#plan.sdkErrorRate ?? 0;
    if (this.#paused || !this.#rng.chance(`sdk:${request.protocol}`, rate)) return { kind: 'forward' };
    this.#counts.sdkErrors += 1;
    const kind = this.#rng.pick(`sdk-kind:${request.protocol}`, ['throttle', 'server'] as const);
    const variant = this.#rng.pick(`sdk-variant:${request.protocol}`, [0, 1] as const);
    // A third of the errors come after the request was applied: the caller cannot tell, and retries.
    const afterForward = this.#rng.chance(`sdk-applied:${request.protocol}`, 1 / 3);
    return { kind: 'error', response: awsErrorResponse(request.protocol, kind, variant), afterForward };
  }

  #kill(running: Running): void {
    if (running.abort.signal.aborted) return;
    this.#counts.killBeforeEffect += 1;
    running.abort.abort();
  }

  #runningFor(appId: string | undefined): Running | undefined {
    // Anything after the tag was appended by Powertools (`-PT-...`).
    const match = appId === undefined ? null : /^f([0-9a-z]+)\.([0-9a-z]+)(?![0-9a-z.])/.exec(appId);
    if (!match?.[1] || !match[2]) return undefined;
    const target = this.#targets[Number.parseInt(match[1], 36)];
    if (target === undefined) return undefined;
    return this.#running.get(`${target.functionName}-${Number.parseInt(match[2], 36)}`);
  }
}
