import { describe, expect, it } from 'vitest';
import {
  InvalidFunctionConfigError,
  LocalFunction,
  type LocalFunctionProps,
} from '../../../local/lambda/index.ts';
import { validateFunctionProps } from '../../../local/lambda/local-function-props.ts';

const VALID: LocalFunctionProps = { functionName: 'Orders', codeDir: '/tmp/none' };

describe('validateFunctionProps', () => {
  it('accepts the defaults', () => {
    expect(() => validateFunctionProps(VALID)).not.toThrow();
  });

  it.each([
    [
      { functionName: 'has space' },
      "functionName must be 1 to 64 letters, digits, '-' or '_', got \"has space\"",
    ],
    [{ memorySizeMb: 64 }, 'memorySizeMb must be an integer from 128 to 10240, got 64'],
    [{ timeoutSeconds: 901 }, 'timeoutSeconds must be a number from 0.001 to 900, got 901'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds must be a number from 0.001 to 900, got 0'],
    [{ reservedConcurrency: -1 }, 'reservedConcurrency must be an integer from 0 to 1000000, got -1'],
    [{ reservedConcurrency: 1.5 }, 'reservedConcurrency must be an integer from 0 to 1000000, got 1.5'],
    [
      { handler: 'index' },
      "handler must look like 'file.export' (for example 'index.handler'), got \"index\"",
    ],
  ])('throws on %o', (override, message) => {
    expect(() => validateFunctionProps({ ...VALID, ...override })).toThrow(message);
  });
});

describe('LocalFunction construction', () => {
  it('throws InvalidFunctionConfigError naming a reserved variable in the environment', () => {
    const creating = () => new LocalFunction({ ...VALID, environment: { AWS_REGION: 'eu-west-1', OK: '1' } });

    expect(creating).toThrow(InvalidFunctionConfigError);
    expect(creating).toThrow('Orders: Lambda reserves AWS_REGION; remove it from the function environment');
  });

  it('builds the ARN from the region and the local account id', () => {
    const fn = new LocalFunction({ ...VALID, region: 'eu-central-1' });

    expect(fn.functionArn).toBe('arn:aws:lambda:eu-central-1:000000000000:function:Orders');
  });
});
