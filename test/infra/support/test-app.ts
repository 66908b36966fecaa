import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';

/** A handler entry that exists on disk, for constructs whose bundling is skipped. */
export const FIXTURE_ENTRY = fileURLToPath(new URL('../fixtures/batch-handler.ts', import.meta.url));

/**
 * An App that skips asset bundling (no esbuild per function), so construct tests synthesize in
 * milliseconds. One test (the example stack's) bundles for real.
 */
export function appWithoutBundling(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}
