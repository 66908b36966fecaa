import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../local/emulators/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** AWS SDK environment pointing at this run's emulators. */
    emulatorEnv: Record<string, string>;
    /** A folder of this run for what test files share (see shop-assembly.ts), removed at the end. */
    runCacheDir: string;
  }
}

/**
 * Starts one DynamoDB Local + fauxqs pair for the whole test run and hands their endpoints to every
 * test file (see emulator-env.ts). Tests isolate themselves with unique table and queue names.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('emulatorEnv', { ...emulators.env });
  // Inside the repository: bundles synthesized there find the external AWS SDK in node_modules.
  const runCacheDir = join(
    fileURLToPath(new URL('../..', import.meta.url)),
    '.cache',
    `run-${randomUUID().slice(0, 8)}`,
  );
  project.provide('runCacheDir', runCacheDir);
  return async () => {
    await emulators.stop();
    rmSync(runCacheDir, { recursive: true, force: true });
  };
}
