import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../local/emulators/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** AWS SDK environment pointing at this run's emulators. */
    emulatorEnv: Record<string, string>;
  }
}

/**
 * Starts one DynamoDB Local + fauxqs pair for the whole test run and hands their endpoints to every
 * test file (see emulator-env.ts). Tests isolate themselves with unique table and queue names.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('emulatorEnv', { ...emulators.env });
  return () => emulators.stop();
}
