import type { EnvironmentState } from './execution-environment.ts';
import type { LambdaFunctionError } from './function-error.ts';

/** Per-invocation options, including the fault-injection hooks of the reliability audit. */
export interface InvokeOptions {
  /** Aborting kills the environment at once: the invocation fails as `Runtime.ExitError` (signal: killed). */
  readonly signal?: AbortSignal;
  /**
   * Called after the handler finished, before its result is returned. Answer `'kill'` to terminate the
   * environment there: the function's side effects happened, but the caller sees a failure.
   */
  readonly beforeReturn?: (completed: CompletedInvocation) => 'kill' | 'return' | Promise<'kill' | 'return'>;
  /** Told which environment runs the invocation, before its handler (or init) starts. */
  readonly onEnvironment?: (environmentId: string) => void;
}

/** What {@link InvokeOptions.beforeReturn} learns about a finished invocation. */
export interface CompletedInvocation {
  readonly requestId: string;
  readonly environmentId: string;
  /** Whether the handler answered without an error. */
  readonly ok: boolean;
}

interface InvokeResultBase {
  readonly requestId: string;
  readonly environmentId: string;
  /** True when this invocation started the environment (and ran the module's init code). */
  readonly coldStart: boolean;
  /** Handler time, init excluded. */
  readonly durationMillis: number;
  /** Init time on a cold start. */
  readonly initDurationMillis?: number;
}

/**
 * A finished invocation: the handler's JSON-round-tripped answer, or Lambda's error document.
 * `environmentDiscarded` tells a crash or timeout (environment gone) from an error the handler threw.
 */
export type InvokeResult =
  | (InvokeResultBase & { readonly ok: true; readonly payload: unknown })
  | (InvokeResultBase & {
      readonly ok: false;
      readonly error: LambdaFunctionError;
      readonly environmentDiscarded: boolean;
    });

/** A snapshot of one execution environment. */
export interface EnvironmentInfo {
  readonly id: string;
  readonly state: EnvironmentState;
  readonly invocations: number;
  /** Which code it runs: it grows by one on every {@link LocalFunction.updateCode}. */
  readonly generation: number;
  readonly createdAtMillis: number;
}
