import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  type EnvironmentVariableInput,
  lambdaEnvironmentVariables,
  newLogStreamName,
} from '../../../local/lambda/lambda-environment-variables.ts';

const INPUT: EnvironmentVariableInput = {
  functionName: 'Orders',
  handler: 'index.handler',
  codeDir: '/assets/orders',
  runtimeDir: '/runtime',
  runtimeNodePaths: ['/runtime/node_modules'],
  memorySizeMb: 512,
  region: 'us-east-1',
  runtime: 'nodejs24.x',
  credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' },
  logStreamName: 'stream',
  environment: { TABLE_NAME: 'orders', TZ: 'Europe/Paris' },
};

describe('lambdaEnvironmentVariables', () => {
  it('lets the function override the unreserved defaults such as TZ', () => {
    const variables = lambdaEnvironmentVariables(INPUT);

    expect(variables).toMatchObject({ TABLE_NAME: 'orders', TZ: 'Europe/Paris', LANG: 'en_US.UTF-8' });
  });

  it('passes the configured credentials, session token included', () => {
    const variables = lambdaEnvironmentVariables(INPUT);

    expect(variables).toMatchObject({
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
      AWS_SESSION_TOKEN: 'ST',
    });
  });

  it('holds exactly Lambda’s variables, the defaults and the function’s own: nothing else from the host', () => {
    vi.stubEnv('FERRY_HOST_SECRET', 'must not leak');

    const variables = lambdaEnvironmentVariables(INPUT);

    vi.unstubAllEnvs();
    expect(Object.keys(variables).sort()).toEqual(
      [
        ...[
          'LANG',
          'PATH',
          'TZ',
          'NODE_PATH',
          'TABLE_NAME',
          '_HANDLER',
          'AWS_REGION',
          'AWS_DEFAULT_REGION',
          'AWS_EXECUTION_ENV',
        ],
        ...['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION'],
        ...['AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME'],
        ...[
          'AWS_ACCESS_KEY_ID',
          'AWS_SECRET_ACCESS_KEY',
          'AWS_SESSION_TOKEN',
          'LAMBDA_TASK_ROOT',
          'LAMBDA_RUNTIME_DIR',
        ],
      ].sort(),
    );
  });
});

describe('lambdaEnvironmentVariables NODE_PATH', () => {
  it('lists the runtime folders, then the task root', () => {
    const variables = lambdaEnvironmentVariables(INPUT);

    expect(variables.NODE_PATH).toBe(['/runtime/node_modules', '/assets/orders'].join(path.delimiter));
  });
});

describe('newLogStreamName', () => {
  it("follows Lambda's date/[version]id shape", () => {
    const name = newLogStreamName(new Date('2026-03-04T05:06:07Z'));

    expect(name).toMatch(/^2026\/03\/04\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
