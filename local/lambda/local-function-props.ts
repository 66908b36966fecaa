import type { AccountConcurrency } from './account-concurrency.ts';
import type { ColdStartGate } from './cold-start-gate.ts';
import { InvalidFunctionConfigError } from './errors.ts';
import type { InvocationObserver } from './invocation-observer.ts';
import type { LogSink } from './log-sink.ts';

/**
 * Node.js runtimes the local service runs. `nodejs24.x` rejects callback-style handlers, as Lambda
 * does from Node.js 24; the older identifiers keep them (and `context.callbackWaitsForEmptyEventLoop`).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
export type LambdaNodeRuntime = 'nodejs24.x' | 'nodejs22.x' | 'nodejs20.x';

/** Static credentials handed to the function as `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** How to run one function; the names follow `AWS::Lambda::Function`. */
export interface LocalFunctionProps {
  /** Lambda function name: 1 to 64 letters, digits, `-` or `_`. */
  readonly functionName: string;
  /** The bundled asset folder (what NodejsFunction emits: `index.js`, or `index.mjs`). */
  readonly codeDir: string;
  /** `file.export`, optionally under a folder (`src/index.handler`). @default 'index.handler' */
  readonly handler?: string;
  /** The function's own variables. Lambda's reserved names are refused, as CloudFormation refuses them. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** `MemorySize`: also the worker's old-generation heap limit. @default 128 */
  readonly memorySizeMb?: number;
  /** `Timeout`. Fractions are accepted locally so tests can use short ones. @default 3 */
  readonly timeoutSeconds?: number;
  /** `ReservedConcurrentExecutions`: most concurrent invocations; 0 throttles every call. @default - no reservation */
  readonly reservedConcurrency?: number;
  /** The account-wide pool shared by every function of the local cloud. @default - no account limit */
  readonly account?: AccountConcurrency;
  /** @default 'nodejs24.x' */
  readonly runtime?: LambdaNodeRuntime;
  /** @default process.env.AWS_REGION, else 'us-east-1' */
  readonly region?: string;
  /** @default { accessKeyId: 'local', secretAccessKey: 'local' }: never the host's real credentials */
  readonly credentials?: LocalCredentials;
  /** Receives every line the function writes. @default prefixedLogSink(process.stdout) */
  readonly logSink?: LogSink;
  /** On-demand initialization limit (Lambda allows 10 s). @default 10 */
  readonly initTimeoutSeconds?: number;
  /** Limits simultaneous initializations on this machine. @default sharedColdStartGate (one per CPU) */
  readonly coldStartGate?: ColdStartGate;
  /** Hears invocations start and end and calls being throttled (local metrics). @default - none */
  readonly observer?: InvocationObserver;
  /** An environment idle this long is shut down, as Lambda reclaims idle ones. @default 900 (15 minutes) */
  readonly idleTimeoutSeconds?: number;
  /**
   * Linux niceness (0 to 19) of this function's environment threads. On AWS every environment has
   * a CPU share of its own; here all of them share the laptop's cores, so background consumers run
   * niced to leave the synchronous path the CPU it would have on AWS. Ignored off Linux.
   * @default 0
   */
  readonly cpuNiceness?: number;
  /**
   * Variables added to each new environment, given its id (the fault layer tags the AWS calls of
   * an environment with `AWS_SDK_UA_APP_ID`, so its proxy knows which environment sent them).
   * @default - none
   */
  readonly environmentVariables?: (environmentId: string) => Readonly<Record<string, string>>;
}

/** The fixed account id of the local cloud, as in fauxqs queue URLs. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Synchronous invocation payload quota, request and response (6 MB).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function requireRange(name: string, value: number, min: number, max: number, integer: boolean): void {
  const ok = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    throw new InvalidFunctionConfigError(`${name} must be ${kind} from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Checks props against Lambda's quotas before anything starts.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 */
export function validateFunctionProps(props: LocalFunctionProps): void {
  if (!FUNCTION_NAME.test(props.functionName)) {
    throw new InvalidFunctionConfigError(
      `functionName must be 1 to 64 letters, digits, '-' or '_', got ${JSON.stringify(props.functionName)}`,
    );
  }
  requireRange('memorySizeMb', props.memorySizeMb ?? 128, 128, 10_240, true);
  // Lambda's minimum is 1 s; shorter values are a local convenience for fast tests.
  requireRange('timeoutSeconds', props.timeoutSeconds ?? 3, 0.001, 900, false);
  requireRange('initTimeoutSeconds', props.initTimeoutSeconds ?? 10, 0.001, 900, false);
  requireRange('idleTimeoutSeconds', props.idleTimeoutSeconds ?? 900, 0.001, 86_400, false);
  requireRange('cpuNiceness', props.cpuNiceness ?? 0, 0, 19, true);
  if (props.reservedConcurrency !== undefined) {
    requireRange('reservedConcurrency', props.reservedConcurrency, 0, 1_000_000, true);
  }
  if (!/^[^.]*\.[^.]/.test((props.handler ?? 'index.handler').split('/').pop() ?? '')) {
    throw new InvalidFunctionConfigError(
      `handler must look like 'file.export' (for example 'index.handler'), got ${JSON.stringify(props.handler)}`,
    );
  }
}
