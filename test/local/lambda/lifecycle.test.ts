import { existsSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { workerExecArgv } from '../../../local/lambda/execution-environment.ts';
import {
  FunctionDisposedError,
  LocalFunction,
  type LocalFunctionProps,
} from '../../../local/lambda/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { cjsHandler, collectLogs, fixtureBundles, sleep } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

function versioned(version: string): Record<string, string> {
  return cjsHandler(`
    if (event.sleepMillis) await new Promise((resolve) => setTimeout(resolve, event.sleepMillis));
    if (event.touch) require('node:fs').writeFileSync(event.touch, 'written');
    return '${version}';
  `);
}

async function localFunction(files: Record<string, string>, props: Partial<LocalFunctionProps> = {}) {
  const codeDir = await bundles.write(files);
  return bundles.track(
    new LocalFunction({ functionName: 'Lifecycle', codeDir, logSink: collectLogs().sink, ...props }),
  );
}

/** Environments answer pings on a BroadcastChannel: the count of answers is the count of live threads. */
async function liveEnvironments(channelName: string): Promise<number> {
  const channel = new BroadcastChannel(channelName);
  let answers = 0;
  channel.onmessage = (message) => {
    if ((message as MessageEvent).data === 'pong') answers += 1;
  };
  channel.postMessage('ping');
  await sleep(300);
  channel.close();
  return answers;
}

describe('LocalFunction lifecycle', () => {
  it('dispose leaves no environment thread running', async () => {
    const channelName = uniqueName('envs');
    const fn = await localFunction(
      cjsHandler(
        'await new Promise((resolve) => setTimeout(resolve, 100));',
        `const { BroadcastChannel } = require('node:worker_threads');
         const channel = new BroadcastChannel(process.env.CHANNEL);
         channel.onmessage = (message) => { if (message.data === 'ping') channel.postMessage('pong'); };`,
      ),
      { environment: { CHANNEL: channelName } },
    );
    await Promise.all([fn.invoke({}), fn.invoke({})]);
    const before = await liveEnvironments(channelName);

    await fn.dispose();

    expect(before).toBe(2);
    expect(await liveEnvironments(channelName)).toBe(0);
    expect(fn.environments()).toEqual([]);
  });

  it('throws FunctionDisposedError on an invocation after dispose', async () => {
    const fn = await localFunction(versioned('v1'));
    await fn.dispose();

    const invoking = fn.invoke({});

    await expect(invoking).rejects.toBeInstanceOf(FunctionDisposedError);
  });

  it('fails an invocation in flight as killed when the function is disposed', async () => {
    const fn = await localFunction(versioned('v1'));
    const running = fn.invoke({ sleepMillis: 5_000 });
    await vi.waitFor(() => expect(fn.environments()[0]?.state).toBe('busy'));

    await fn.dispose();

    expect(await running).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
  });

  it('swaps code: new invocations run the new code while one in flight finishes on the old', async () => {
    const fn = await localFunction(versioned('v1'));
    const v2 = await bundles.write(versioned('v2'));
    const inFlight = fn.invoke({ sleepMillis: 400 });
    await vi.waitFor(() => expect(fn.environments()[0]?.state).toBe('busy'));

    await fn.updateCode(v2);
    const fresh = await fn.invoke({});

    expect(fresh).toMatchObject({ ok: true, payload: 'v2', coldStart: true });
    expect(await inFlight).toMatchObject({ ok: true, payload: 'v1' });
    await vi.waitFor(() =>
      expect(fn.environments().map((environment) => environment.generation)).toEqual([1]),
    );
    expect(fn.codeDir).toBe(v2);
  });

  it('terminates idle environments of the old code at once on updateCode', async () => {
    const fn = await localFunction(versioned('v1'));
    await fn.invoke({});

    await fn.updateCode(await bundles.write(versioned('v2')));

    expect(fn.environments()).toEqual([]);
  });

  it('kills an environment mid-invocation when the signal aborts', async () => {
    const fn = await localFunction(versioned('v1'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const killed = await fn.invoke({ sleepMillis: 5_000 }, { signal: controller.signal });

    expect(killed).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ExitError', errorMessage: expect.stringContaining('signal: killed') },
    });
    expect(killed.durationMillis).toBeLessThan(4_000);
  });

  it('kills the environment after the handler’s side effects when beforeReturn says so', async () => {
    const fn = await localFunction(versioned('v1'));
    const marker = path.join(fn.codeDir, 'side-effect.txt');
    const seen: string[] = [];

    const result = await fn.invoke(
      { touch: marker },
      {
        beforeReturn: ({ environmentId, ok }) => {
          seen.push(`${environmentId}:${ok}`);
          return 'kill';
        },
      },
    );

    expect(result).toMatchObject({
      ok: false,
      environmentDiscarded: true,
      error: { errorType: 'Runtime.ExitError' },
    });
    expect(existsSync(marker)).toBe(true);
    expect(seen).toEqual([`${result.environmentId}:true`]);
    expect(fn.environments()).toEqual([]);
  });

  it('returns normally when beforeReturn answers return', async () => {
    const fn = await localFunction(versioned('v1'));

    const result = await fn.invoke({}, { beforeReturn: async () => 'return' as const });

    expect(result).toMatchObject({ ok: true, payload: 'v1' });
  });

  it('rejects with the error of a throwing beforeReturn hook and keeps the environment usable', async () => {
    const fn = await localFunction(versioned('v1'));
    const hook = () => {
      throw new Error('audit hook broke');
    };

    const invoking = fn.invoke({}, { beforeReturn: hook });

    await expect(invoking).rejects.toThrow('audit hook broke');
    expect(await fn.invoke({})).toMatchObject({ ok: true, coldStart: false });
  });

  it('shows a cold-starting environment as initializing, then idle', async () => {
    const fn = await localFunction(versioned('v1'));

    const invoking = fn.invoke({});
    const during = fn.environments().map((environment) => environment.state);
    await invoking;

    expect(during).toEqual(['initializing']);
    expect(fn.environments().map((environment) => environment.state)).toEqual(['idle']);
  });

  it('lists environments and terminates one by id, so the next invocation is cold', async () => {
    const fn = await localFunction(versioned('v1'));
    const first = await fn.invoke({});
    const listed = fn.environments();

    const terminated = await fn.terminateEnvironment(first.environmentId);
    const next = await fn.invoke({});

    expect(listed).toMatchObject([{ id: first.environmentId, state: 'idle', invocations: 1, generation: 0 }]);
    expect(terminated).toBe(true);
    expect(next).toMatchObject({ coldStart: true });
    expect(await fn.terminateEnvironment('Lifecycle-unknown')).toBe(false);
  });

  it('shuts down an environment that stays idle past the idle timeout', async () => {
    const fn = await localFunction(versioned('v1'), { idleTimeoutSeconds: 0.2 });
    await fn.invoke({});

    await vi.waitFor(() => expect(fn.environments()).toEqual([]), { timeout: 3_000 });

    expect(await fn.invoke({})).toMatchObject({ ok: true, coldStart: true });
  });
});

describe('LocalFunction when a thread cannot start', () => {
  it('fails the invocation and leaves no environment initializing', async () => {
    const codeDir = await bundles.write(cjsHandler('return "never";'));
    const fn = bundles.track(
      new LocalFunction({ functionName: 'NoThread', codeDir, logSink: collectLogs().sink }),
    );
    // A flag workers refuse (ERR_WORKER_INVALID_EXEC_ARGV) makes `new Worker` throw.
    process.execArgv.push('--title=ferry-test');

    const result = await fn.invoke({}).finally(() => process.execArgv.pop());

    expect(result).toMatchObject({ ok: false, environmentDiscarded: true });
    expect(fn.environments()).toEqual([]);
  });
});

describe('workerExecArgv', () => {
  it('drops TypeScript loader flags of the host and keeps the others', () => {
    expect(
      workerExecArgv([
        '--require',
        '/x/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///x/node_modules/tsx/dist/loader.mjs',
        '--enable-source-maps',
        '--import=tsx',
        '--max-old-space-size=4096',
      ]),
    ).toEqual(['--enable-source-maps', '--max-old-space-size=4096']);
  });

  it('drops --expose-gc, which a worker refuses', () => {
    expect(workerExecArgv(['--expose-gc', '--expose_gc', '--enable-source-maps'])).toEqual([
      '--enable-source-maps',
    ]);
  });
});
