import { randomUUID } from 'node:crypto';
import type { AccountConcurrency } from './account-concurrency.ts';
import { environmentSpec } from './environment-spec.ts';
import { FunctionDisposedError, RequestTooLargeError, TooManyRequestsError } from './errors.ts';
import { ExecutionEnvironment } from './execution-environment.ts';
import { exitError, type LambdaFunctionError, responseTooLargeError } from './function-error.ts';
import type { EnvironmentInfo, InvokeOptions, InvokeResult } from './invocation.ts';
import { assertNoReservedVariables } from './lambda-environment-variables.ts';
import {
  type LambdaNodeRuntime,
  LOCAL_ACCOUNT_ID,
  type LocalCredentials,
  type LocalFunctionProps,
  SYNC_PAYLOAD_LIMIT_BYTES,
  validateFunctionProps,
} from './local-function-props.ts';
import { type LogSink, prefixedLogSink } from './log-sink.ts';

/**
 * A Lambda function running on this machine: each execution environment is a worker thread with
 * one module instance, reused while warm; a new one starts (a cold start) only when all are busy.
 * Reserved and account concurrency throttle beyond their limits with {@link TooManyRequestsError}.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export class LocalFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly #props: LocalFunctionProps;
  readonly #runtime: LambdaNodeRuntime;
  readonly #credentials: LocalCredentials;
  readonly #logSink: LogSink;
  readonly #account: AccountConcurrency | undefined;
  readonly #environments: ExecutionEnvironment[] = [];
  readonly #idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  #codeDir: string;
  #generation = 0;
  #nextEnvironment = 1;
  #inFlight = 0;
  #disposed = false;

  constructor(props: LocalFunctionProps) {
    validateFunctionProps(props);
    assertNoReservedVariables(props.functionName, props.environment ?? {});
    this.functionName = props.functionName;
    const region = props.region ?? process.env.AWS_REGION ?? 'us-east-1';
    this.#props = { ...props, region };
    this.functionArn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${props.functionName}`;
    this.#runtime = props.runtime ?? 'nodejs24.x';
    this.#credentials = props.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' };
    this.#logSink = props.logSink ?? prefixedLogSink();
    this.#codeDir = props.codeDir;
    this.#account = props.account;
    if (props.reservedConcurrency !== undefined) {
      this.#account?.reserve(props.functionName, props.reservedConcurrency);
    }
  }

  /** The asset folder new environments load. */
  get codeDir(): string {
    return this.#codeDir;
  }

  /** Invocations running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Invokes synchronously (RequestResponse). Rejects only when the call never reaches the function:
   * {@link TooManyRequestsError}, {@link RequestTooLargeError}, {@link FunctionDisposedError}. Every
   * failure of the function itself resolves with `ok: false`.
   */
  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.#disposed) throw new FunctionDisposedError(this.functionName);
    const eventJson = JSON.stringify(event) ?? '{}';
    const size = Buffer.byteLength(eventJson);
    if (size > SYNC_PAYLOAD_LIMIT_BYTES) {
      throw new RequestTooLargeError(this.functionName, size, SYNC_PAYLOAD_LIMIT_BYTES);
    }
    const observer = this.#props.observer;
    let releaseSlot: () => void;
    try {
      releaseSlot = this.#acquireSlot();
    } catch (error) {
      observer?.throttled?.({ functionName: this.functionName });
      throw error;
    }
    observer?.invocationStarted?.({ functionName: this.functionName, concurrentExecutions: this.#inFlight });
    const observed = { ok: false, durationMillis: 0 };
    const requestId = randomUUID();
    let environment: ExecutionEnvironment | undefined;
    try {
      const selected = this.#environmentFor();
      environment = selected.environment;
      options.onEnvironment?.(environment.id);
      const run = await environment.invoke({
        requestId,
        eventJson,
        timeoutMillis: (this.#props.timeoutSeconds ?? 3) * 1000,
        signal: options.signal,
      });
      const base = {
        requestId,
        environmentId: environment.id,
        coldStart: selected.coldStart,
        durationMillis: run.durationMillis,
        ...(run.initDurationMillis === undefined ? {} : { initDurationMillis: run.initDurationMillis }),
      };
      let outcome = run.outcome;
      if (outcome.kind === 'response' && Buffer.byteLength(outcome.payloadJson) > SYNC_PAYLOAD_LIMIT_BYTES) {
        outcome = { kind: 'error', error: responseTooLargeError(SYNC_PAYLOAD_LIMIT_BYTES) };
      }
      if (outcome.kind !== 'fatal' && options.beforeReturn) {
        const ok = outcome.kind === 'response';
        if ((await options.beforeReturn({ requestId, environmentId: environment.id, ok })) === 'kill') {
          await environment.terminate();
          outcome = { kind: 'fatal', error: exitError(requestId, 'killed') };
        }
      }
      observed.durationMillis = run.durationMillis;
      observed.ok = outcome.kind === 'response';
      if (outcome.kind === 'response') return { ...base, ok: true, payload: JSON.parse(outcome.payloadJson) };
      this.#logFailure(environment.id, requestId, outcome.error);
      return { ...base, ok: false, error: outcome.error, environmentDiscarded: outcome.kind === 'fatal' };
    } finally {
      if (environment !== undefined) this.#afterRun(environment);
      releaseSlot();
      observer?.invocationEnded?.({
        functionName: this.functionName,
        ...observed,
        concurrentExecutions: this.#inFlight,
      });
    }
  }

  /** A snapshot of the live environments. */
  environments(): EnvironmentInfo[] {
    this.#prune();
    return this.#environments.map((environment) => ({
      id: environment.id,
      state: environment.state,
      invocations: environment.invocations,
      generation: environment.generation,
      createdAtMillis: environment.createdAtMillis,
    }));
  }

  /** Terminates one environment (an invocation in it fails as killed); `false` if there is no such one. */
  async terminateEnvironment(environmentId: string): Promise<boolean> {
    const environment = this.#environments.find((candidate) => candidate.id === environmentId);
    if (environment === undefined || environment.state === 'terminated') return false;
    await this.#discard(environment);
    return true;
  }

  /**
   * Swaps in a rebuilt asset folder: new invocations get new environments on it, invocations in
   * flight finish on the old code, whose environments are then terminated.
   */
  async updateCode(codeDir: string): Promise<void> {
    if (this.#disposed) throw new FunctionDisposedError(this.functionName);
    this.#codeDir = codeDir;
    this.#generation += 1;
    const stale = this.#environments.filter((environment) => environment.state === 'idle');
    await Promise.all(stale.map((environment) => this.#discard(environment)));
  }

  /** Terminates every environment (invocations in flight fail as killed) and releases the reservation. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#props.reservedConcurrency !== undefined) this.#account?.unreserve(this.functionName);
    await Promise.all([...this.#environments].map((environment) => this.#discard(environment)));
  }

  #acquireSlot(): () => void {
    const reserved = this.#props.reservedConcurrency;
    if (reserved !== undefined) {
      if (this.#inFlight >= reserved) {
        throw new TooManyRequestsError(
          this.functionName,
          'ReservedFunctionConcurrentInvocationLimitExceeded',
          reserved,
        );
      }
    } else if (this.#account && !this.#account.tryAcquireUnreserved()) {
      const limit = this.#account.unreservedConcurrentExecutions;
      throw new TooManyRequestsError(this.functionName, 'ConcurrentInvocationLimitExceeded', limit);
    }
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      if (reserved === undefined) this.#account?.releaseUnreserved();
    };
  }

  #environmentFor(): { environment: ExecutionEnvironment; coldStart: boolean } {
    this.#prune();
    let warm: ExecutionEnvironment | undefined;
    for (const environment of this.#environments) {
      if (environment.state !== 'idle' || environment.generation !== this.#generation) continue;
      if (warm === undefined || environment.lastUsedAtMillis >= warm.lastUsedAtMillis) warm = environment;
    }
    if (warm !== undefined) {
      clearTimeout(this.#idleTimers.get(warm));
      this.#idleTimers.delete(warm);
      return { environment: warm, coldStart: false };
    }
    const environment = this.#startEnvironment();
    this.#environments.push(environment);
    return { environment, coldStart: true };
  }

  #startEnvironment(): ExecutionEnvironment {
    return new ExecutionEnvironment(
      environmentSpec({
        props: this.#props,
        id: `${this.functionName}-${this.#nextEnvironment++}`,
        generation: this.#generation,
        codeDir: this.#codeDir,
        functionArn: this.functionArn,
        runtime: this.#runtime,
        credentials: this.#credentials,
        logSink: this.#logSink,
      }),
    );
  }

  #afterRun(environment: ExecutionEnvironment): void {
    if (environment.state !== 'idle') return;
    if (this.#disposed || environment.generation !== this.#generation) {
      void this.#discard(environment);
      return;
    }
    const idleMillis = (this.#props.idleTimeoutSeconds ?? 900) * 1000;
    const timer = setTimeout(() => void this.#discard(environment), idleMillis);
    timer.unref();
    this.#idleTimers.set(environment, timer);
  }

  async #discard(environment: ExecutionEnvironment): Promise<void> {
    clearTimeout(this.#idleTimers.get(environment));
    this.#idleTimers.delete(environment);
    await environment.terminate();
    this.#prune();
  }

  #prune(): void {
    for (let index = this.#environments.length - 1; index >= 0; index -= 1) {
      if (this.#environments[index]?.state === 'terminated') this.#environments.splice(index, 1);
    }
  }

  #logFailure(environmentId: string, requestId: string, error: LambdaFunctionError): void {
    // The shape of the Node.js runtime's own log line, so failures are visible in the local output.
    const line = `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}`;
    this.#logSink({ functionName: this.functionName, environmentId, stream: 'stderr', line });
  }
}
