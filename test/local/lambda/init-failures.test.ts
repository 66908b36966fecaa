import { afterAll, describe, expect, it } from 'vitest';
import { LocalFunction, type LocalFunctionProps } from '../../../local/lambda/index.ts';
import { collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

async function localFunction(files: Record<string, string>, props: Partial<LocalFunctionProps> = {}) {
  const codeDir = await bundles.write(files);
  return bundles.track(
    new LocalFunction({ functionName: 'Failing', codeDir, logSink: collectLogs().sink, ...props }),
  );
}

describe('LocalFunction init failures', () => {
  it('fails with Runtime.ImportModuleError when the handler module is missing', async () => {
    const fn = await localFunction({ 'other.js': 'exports.handler = async () => 1;' });

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      coldStart: true,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ImportModuleError' },
    });
    expect(failed.ok ? '' : failed.error.errorMessage).toContain("Cannot find module 'index'");
  });

  it('fails with Runtime.HandlerNotFound when the export is missing', async () => {
    const fn = await localFunction({ 'index.js': 'exports.other = async () => 1;' });

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: 'index.handler is undefined or not exported',
      },
    });
  });

  it('fails with Runtime.UserCodeSyntaxError when the module does not parse', async () => {
    const fn = await localFunction({ 'index.js': 'exports.handler = async () => {' });

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({ ok: false, error: { errorType: 'Runtime.UserCodeSyntaxError' } });
  });

  it('fails with the thrown error when init code throws, and retries init on the next invocation', async () => {
    const fn = await localFunction({
      'index.js': 'throw new Error("no config");\nexports.handler = async () => 1;',
    });

    const first = await fn.invoke({});
    const second = await fn.invoke({});

    expect(first).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'no config' } });
    expect(second).toMatchObject({ ok: false, coldStart: true });
    expect(second.environmentId).not.toBe(first.environmentId);
  });

  it('fails with Sandbox.Timedout when init runs past the init limit', async () => {
    const fn = await localFunction(
      {
        'index.mjs':
          'await new Promise((resolve) => setTimeout(resolve, 5_000));\nexport const handler = async () => 1;',
      },
      { initTimeoutSeconds: 0.3 },
    );

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Sandbox.Timedout' },
    });
  });

  it('refuses a callback-style handler on nodejs24.x, as Lambda does', async () => {
    const fn = await localFunction({
      'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);',
    });

    const failed = await fn.invoke({});

    expect(failed).toMatchObject({ ok: false, error: { errorType: 'Runtime.CallbackHandlerDeprecated' } });
  });

  it('runs a callback-style handler on nodejs22.x', async () => {
    const fn = await localFunction(
      {
        'index.js':
          'exports.handler = (event, context, callback) => setTimeout(() => callback(null, { waits: context.callbackWaitsForEmptyEventLoop }), 5);',
      },
      { runtime: 'nodejs22.x' },
    );

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: true, payload: { waits: true } });
  });
});
