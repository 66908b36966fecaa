import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { InvalidFunctionConfigError } from './errors.ts';
import type { LambdaNodeRuntime, LocalCredentials } from './local-function-props.ts';

/**
 * Names Lambda sets itself and refuses in a function's configuration.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export const RESERVED_ENVIRONMENT_VARIABLES: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

/** Throws, naming the keys, when a function's environment sets a reserved variable. */
export function assertNoReservedVariables(
  functionName: string,
  environment: Readonly<Record<string, string>>,
): void {
  const reserved = Object.keys(environment).filter((key) => RESERVED_ENVIRONMENT_VARIABLES.includes(key));
  if (reserved.length > 0) {
    throw new InvalidFunctionConfigError(
      `${functionName}: Lambda reserves ${reserved.join(', ')}; remove ${reserved.length === 1 ? 'it' : 'them'} ` +
        'from the function environment (the local service sets region and credentials through its own options).',
    );
  }
}

/** What one execution environment needs to know to build its variables. */
export interface EnvironmentVariableInput {
  readonly functionName: string;
  readonly handler: string;
  readonly codeDir: string;
  readonly runtimeDir: string;
  /** Folders the runtime adds to NODE_PATH before the task root (Lambda: its SDK under /var/runtime). */
  readonly runtimeNodePaths: readonly string[];
  readonly memorySizeMb: number;
  readonly region: string;
  readonly runtime: LambdaNodeRuntime;
  readonly credentials: LocalCredentials;
  readonly logStreamName: string;
  readonly environment: Readonly<Record<string, string>>;
}

/** `/aws/lambda/<name>`, the log group Lambda writes to by default. */
export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** A fresh stream name per environment, shaped like Lambda's `2024/05/01/[$LATEST]<32 hex>`. */
export function newLogStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The complete `process.env` of one execution environment: Lambda's defined variables, the
 * unreserved defaults (LANG, PATH, TZ, NODE_PATH) and then the function's own, which may override
 * those. Nothing else leaks in from the host process. NODE_PATH lets a CommonJS bundle `require` the
 * AWS SDK it left external, as NodejsFunction does by default, because Lambda provides it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaEnvironmentVariables(input: EnvironmentVariableInput): Record<string, string> {
  const variables: Record<string, string> = {
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    TZ: ':UTC',
    NODE_PATH: [...input.runtimeNodePaths, input.codeDir].join(path.delimiter),
    ...input.environment,
    _HANDLER: input.handler,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySizeMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(input.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    LAMBDA_TASK_ROOT: input.codeDir,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
  };
  if (input.credentials.sessionToken !== undefined) {
    variables.AWS_SESSION_TOKEN = input.credentials.sessionToken;
  }
  return variables;
}
