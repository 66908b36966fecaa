import type { LambdaFunctionError } from './function-error.ts';
import type { LambdaNodeRuntime } from './local-function-props.ts';

/** `workerData` of an execution environment: what its runtime needs to load and call the handler. */
export interface RuntimeBootData {
  readonly taskRoot: string;
  readonly handler: string;
  readonly runtime: LambdaNodeRuntime;
  readonly functionName: string;
  readonly memorySizeMb: number;
  readonly invokedFunctionArn: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Linux niceness the environment's thread sets for itself; 0 leaves it as it is. */
  readonly cpuNiceness: number;
}

/** Host to runtime: run one invocation. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  readonly eventJson: string;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadlineMillis: number;
}

/** Runtime to host. */
export type RuntimeMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: LambdaFunctionError }
  | { readonly type: 'response'; readonly requestId: string; readonly payloadJson: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: LambdaFunctionError }
  | {
      readonly type: 'crash';
      readonly kind: 'Uncaught Exception' | 'Unhandled Promise Rejection';
      readonly error: LambdaFunctionError;
    };
