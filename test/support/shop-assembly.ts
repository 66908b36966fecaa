import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { inject } from 'vitest';
import { synthesize } from '../../local/assembly/index.ts';

const WAIT_MILLIS = 240_000;

/**
 * The shop app (`cdk.json`), synthesized once per test run and shared by the test files that run
 * it in a local cloud (read-only: a file that changes templates copies it first). Synthesizing
 * bundles every function with esbuild, about 10 s of two cores each time; test files run in
 * separate processes, so the first one to ask synthesizes under a lock folder and the others
 * wait for its `.ready` (or `.failed`) marker.
 */
export async function shopAssemblyDir(): Promise<string> {
  const runDir = inject('runCacheDir');
  const dir = join(runDir, 'shop-assembly');
  await mkdir(runDir, { recursive: true });
  const ready = join(runDir, 'shop-assembly.ready');
  const failed = join(runDir, 'shop-assembly.failed');
  let owner = false;
  try {
    await mkdir(join(runDir, 'shop-assembly.lock'));
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (owner) {
    try {
      await synthesize({ outdir: dir });
      await writeFile(ready, '');
    } catch (error) {
      await writeFile(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
    return dir;
  }
  const started = Date.now();
  while (Date.now() - started < WAIT_MILLIS) {
    if (existsSync(ready)) return dir;
    if (existsSync(failed))
      throw new Error(`Another test file failed to synthesize the shop:\n${await readFile(failed, 'utf8')}`);
    await delay(200);
  }
  throw new Error(`The shop's shared synthesis in ${dir} did not finish within ${WAIT_MILLIS / 1000} s.`);
}
