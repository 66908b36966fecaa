import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedColdStartGate } from './cold-start-gate.ts';
import type { EnvironmentSpec } from './execution-environment.ts';
import {
  lambdaEnvironmentVariables,
  logGroupName,
  newLogStreamName,
} from './lambda-environment-variables.ts';
import type { LambdaNodeRuntime, LocalCredentials, LocalFunctionProps } from './local-function-props.ts';
import type { LogSink } from './log-sink.ts';

// LAMBDA_RUNTIME_DIR: where the runtime's own code lives (/var/runtime on Lambda).
const RUNTIME_DIR = fileURLToPath(new URL('./worker/', import.meta.url));

/**
 * The host's node_modules folder that holds the AWS SDK v3, standing in for the SDK Lambda's Node.js
 * runtime provides under /var/runtime/node_modules; none if the SDK is not installed.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
function sdkNodeModules(): string[] {
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-sqs');
    const marker = `${path.sep}node_modules${path.sep}`;
    return [entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1)];
  } catch {
    return [];
  }
}

const RUNTIME_NODE_PATHS = sdkNodeModules();

/** Everything a function knows when it starts a new environment. */
export interface EnvironmentSpecInput {
  readonly props: LocalFunctionProps;
  readonly id: string;
  readonly generation: number;
  readonly codeDir: string;
  readonly functionArn: string;
  readonly runtime: LambdaNodeRuntime;
  readonly credentials: LocalCredentials;
  readonly logSink: LogSink;
}

/** The start-up data of one execution environment, with its own log stream and variables. */
export function environmentSpec(input: EnvironmentSpecInput): EnvironmentSpec {
  const { props } = input;
  const handler = props.handler ?? 'index.handler';
  const memorySizeMb = props.memorySizeMb ?? 128;
  const logStreamName = newLogStreamName();
  return {
    id: input.id,
    generation: input.generation,
    boot: {
      taskRoot: input.codeDir,
      handler,
      runtime: input.runtime,
      functionName: props.functionName,
      memorySizeMb,
      invokedFunctionArn: input.functionArn,
      logGroupName: logGroupName(props.functionName),
      logStreamName,
      cpuNiceness: props.cpuNiceness ?? 0,
    },
    env: lambdaEnvironmentVariables({
      functionName: props.functionName,
      handler,
      codeDir: input.codeDir,
      runtimeDir: RUNTIME_DIR,
      runtimeNodePaths: RUNTIME_NODE_PATHS,
      memorySizeMb,
      region: props.region ?? 'us-east-1',
      runtime: input.runtime,
      credentials: input.credentials,
      logStreamName,
      environment: { ...props.environment, ...props.environmentVariables?.(input.id) },
    }),
    initTimeoutMillis: (props.initTimeoutSeconds ?? 10) * 1000,
    logSink: input.logSink,
    coldStartGate: props.coldStartGate ?? sharedColdStartGate,
  };
}
