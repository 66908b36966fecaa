import { Worker } from 'node:worker_threads';
import type { ColdStartGate } from './cold-start-gate.ts';
import {
  exitError,
  formatError,
  type LambdaFunctionError,
  outOfMemoryError,
  timeoutError,
} from './function-error.ts';
import { type LogSink, pipeLines } from './log-sink.ts';
import type { InvokeMessage, RuntimeBootData, RuntimeMessage } from './worker-protocol.ts';

const RUNTIME_ENTRY = new URL('./worker/runtime-main.ts', import.meta.url);

/** What an environment is doing. */
export type EnvironmentState = 'initializing' | 'idle' | 'busy' | 'terminated';

/** How to start one environment. */
export interface EnvironmentSpec {
  readonly id: string;
  readonly generation: number;
  readonly boot: RuntimeBootData;
  readonly env: Readonly<Record<string, string>>;
  readonly initTimeoutMillis: number;
  readonly logSink: LogSink;
  readonly coldStartGate: ColdStartGate;
}

/** One invocation as the environment sees it. */
export interface EnvironmentRequest {
  readonly requestId: string;
  readonly eventJson: string;
  readonly timeoutMillis: number;
  readonly signal?: AbortSignal;
}

/** `error` leaves the environment usable; `fatal` means it is gone (timeout, crash, kill, failed init). */
export type EnvironmentOutcome =
  | { readonly kind: 'response'; readonly payloadJson: string }
  | { readonly kind: 'error'; readonly error: LambdaFunctionError }
  | { readonly kind: 'fatal'; readonly error: LambdaFunctionError };

/** The outcome with its timings; `initDurationMillis` is set on a cold start only. */
export interface EnvironmentRun {
  readonly outcome: EnvironmentOutcome;
  readonly durationMillis: number;
  readonly initDurationMillis?: number;
}

type KillReason = { readonly kind: 'timeout'; readonly elapsedMillis: number } | { readonly kind: 'killed' };
type Signal =
  | { readonly kind: 'message'; readonly message: RuntimeMessage }
  | { readonly kind: 'exit'; readonly code: number };

/**
 * One Lambda execution environment: a worker thread holding one instance of the function's module,
 * its own `process.env` and a V8 heap limit from the memory size. It runs one invocation at a time.
 * A timeout or kill terminates the thread; so does a crash inside it. Once terminated it stays so.
 * A live thread keeps the host process running (its piped stdout holds a reference), so owners
 * terminate every environment when done.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export class ExecutionEnvironment {
  readonly id: string;
  readonly generation: number;
  readonly createdAtMillis = Date.now();
  #state: EnvironmentState = 'initializing';
  #invocations = 0;
  #lastUsedAtMillis = Date.now();
  readonly #spec: EnvironmentSpec;
  #worker: Worker | undefined;
  readonly #exited: Promise<void>;
  #resolveExited: () => void = () => {};
  #waiter: ((signal: Signal) => void) | undefined;
  readonly #inbox: Signal[] = [];
  #killReason: KillReason | undefined;
  #outOfMemory = false;
  #inUse = false;

  constructor(spec: EnvironmentSpec) {
    this.id = spec.id;
    this.generation = spec.generation;
    this.#spec = spec;
    this.#exited = new Promise((resolve) => {
      this.#resolveExited = resolve;
    });
  }

  /** Starts the thread; its runtime begins loading the handler at once. */
  #start(): Worker {
    const spec = this.#spec;
    const worker = new Worker(RUNTIME_ENTRY, {
      workerData: spec.boot,
      env: { ...spec.env },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: spec.boot.memorySizeMb },
      name: `${spec.boot.functionName}/${spec.id}`,
      execArgv: workerExecArgv(process.execArgv),
    });
    const emit = (stream: 'stdout' | 'stderr') => (line: string) =>
      spec.logSink({ functionName: spec.boot.functionName, environmentId: spec.id, stream, line });
    pipeLines(worker.stdout, emit('stdout'));
    pipeLines(worker.stderr, emit('stderr'));
    worker.on('message', (message: RuntimeMessage) => {
      if (message.type === 'crash') emit('stderr')(`${message.kind} \t${JSON.stringify(message.error)}`);
      else this.#deliver({ kind: 'message', message });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#outOfMemory = true;
      else emit('stderr')(`Runtime error \t${error.stack ?? error.message}`);
    });
    worker.once('exit', (code) => this.#ended(code));
    return worker;
  }

  #ended(code: number): void {
    this.#state = 'terminated';
    this.#deliver({ kind: 'exit', code });
    this.#resolveExited();
  }

  get state(): EnvironmentState {
    return this.#state;
  }

  /** Invocations this environment has started. */
  get invocations(): number {
    return this.#invocations;
  }

  /** When its last invocation ended (or when it was created). */
  get lastUsedAtMillis(): number {
    return this.#lastUsedAtMillis;
  }

  /** Runs one invocation, initializing first if this is the environment's first one (a cold start). */
  async invoke(request: EnvironmentRequest): Promise<EnvironmentRun> {
    if (this.#inUse || this.#state === 'terminated') {
      throw new Error(`Environment ${this.id} is ${this.#state}; it takes one invocation at a time.`);
    }
    this.#inUse = true;
    this.#invocations += 1;
    const onAbort = () => this.#kill({ kind: 'killed' });
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    try {
      let initDurationMillis: number | undefined;
      if (this.#state === 'initializing') {
        const init = await this.#initialize(request.requestId);
        initDurationMillis = init.initDurationMillis;
        if (init.failed !== undefined) return { outcome: init.failed, durationMillis: 0, initDurationMillis };
      }
      this.#state = 'busy';
      const started = performance.now();
      const outcome = await this.#run(request);
      return { outcome, durationMillis: performance.now() - started, initDurationMillis };
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      this.#inUse = false;
      this.#lastUsedAtMillis = Date.now();
      if (this.#state === 'busy') this.#state = 'idle';
    }
  }

  /** Stops the thread. An invocation in flight fails as killed. Resolves once the thread is gone. */
  terminate(): Promise<void> {
    this.#kill({ kind: 'killed' });
    return this.#exited;
  }

  #kill(reason: KillReason): void {
    if (this.#state === 'terminated') return;
    this.#killReason ??= reason;
    if (this.#worker === undefined) this.#ended(1);
    else void this.#worker.terminate();
  }

  /**
   * An answer that arrives after a timeout or kill was decided does not count: the thread is being
   * terminated, so wait for its exit, as Lambda reports the timeout even if the handler just finished.
   */
  async #settled(next: Promise<Signal>): Promise<Signal> {
    const signal = await next;
    if (this.#killReason === undefined || signal.kind === 'exit') return signal;
    await this.#exited;
    return { kind: 'exit', code: 1 };
  }

  #deliver(signal: Signal): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter === undefined) this.#inbox.push(signal);
    else waiter(signal);
  }

  /** The next message or the exit, whichever the thread sends first; buffered if nobody waits yet. */
  #next(): Promise<Signal> {
    return new Promise((resolve) => {
      const queued = this.#inbox.shift();
      if (queued === undefined) this.#waiter = resolve;
      else resolve(queued);
    });
  }

  /** The init phase: its outcome if it failed, and how long it ran (time queued at the gate excluded). */
  async #initialize(requestId: string): Promise<{ failed?: EnvironmentOutcome; initDurationMillis: number }> {
    const release = await this.#spec.coldStartGate.acquire();
    const started = performance.now();
    const limitMillis = this.#spec.initTimeoutMillis;
    const timer = setTimeout(() => this.#kill({ kind: 'timeout', elapsedMillis: limitMillis }), limitMillis);
    try {
      if (this.#state !== 'terminated') {
        try {
          this.#worker = this.#start();
        } catch (error) {
          // A thread that cannot start (say, a host flag workers refuse) must not leave the
          // environment initializing forever: it ends here, and the invocation fails.
          this.#ended(1);
          return { failed: { kind: 'fatal', error: formatError(error) }, initDurationMillis: 0 };
        }
      }
      const signal = await this.#settled(this.#next());
      const initDurationMillis = performance.now() - started;
      if (signal.kind === 'message' && signal.message.type === 'ready') return { initDurationMillis };
      if (signal.kind === 'message' && signal.message.type === 'init-error') {
        await this.terminate();
        return { failed: { kind: 'fatal', error: signal.message.error }, initDurationMillis };
      }
      return { failed: { kind: 'fatal', error: this.#deathError(requestId, signal) }, initDurationMillis };
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  async #run(request: EnvironmentRequest): Promise<EnvironmentOutcome> {
    const started = performance.now();
    const timer = setTimeout(
      () => this.#kill({ kind: 'timeout', elapsedMillis: performance.now() - started }),
      request.timeoutMillis,
    );
    try {
      const message: InvokeMessage = {
        type: 'invoke',
        requestId: request.requestId,
        eventJson: request.eventJson,
        deadlineMillis: Date.now() + request.timeoutMillis,
      };
      const answer = this.#next();
      // Killed before it began (an aborted signal): the handler must not start at all.
      if (this.#killReason === undefined) this.#worker?.postMessage(message);
      const signal = await this.#settled(answer);
      if (signal.kind === 'message' && signal.message.type === 'response') {
        return { kind: 'response', payloadJson: signal.message.payloadJson };
      }
      if (signal.kind === 'message' && signal.message.type === 'error') {
        return { kind: 'error', error: signal.message.error };
      }
      return { kind: 'fatal', error: this.#deathError(request.requestId, signal) };
    } finally {
      clearTimeout(timer);
    }
  }

  #deathError(requestId: string, signal: Signal): LambdaFunctionError {
    if (this.#killReason?.kind === 'timeout') return timeoutError(requestId, this.#killReason.elapsedMillis);
    if (this.#killReason?.kind === 'killed') return exitError(requestId, 'killed');
    if (this.#outOfMemory) return outOfMemoryError(requestId);
    return exitError(requestId, { code: signal.kind === 'exit' ? signal.code : 1 });
  }
}

/**
 * The host's Node flags minus TypeScript loaders (tsx registers itself with `--require` and
 * `--import`). A worker inherits the host's flags by default, and a loader hook there would route
 * every module of the bundled function through the TypeScript transformer: measured, most of a
 * loaded local cloud's CPU. The runtime entry itself needs none: Node 24 strips its types.
 */
export function workerExecArgv(hostArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < hostArgv.length; i++) {
    const arg = hostArgv[i] ?? '';
    const next = hostArgv[i + 1] ?? '';
    if (/^--(require|import|loader|experimental-loader)$/.test(arg) && /tsx/.test(next)) {
      i += 1;
      continue;
    }
    if (/^--(require|import|loader|experimental-loader)=.*tsx/.test(arg)) continue;
    // Process-wide flags a worker refuses (ERR_WORKER_INVALID_EXEC_ARGV); `node --expose-gc` runs
    // the benchmarks that measure memory.
    if (/^--expose[-_]gc$/.test(arg)) continue;
    kept.push(arg);
  }
  return kept;
}
