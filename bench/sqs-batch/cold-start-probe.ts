import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { benchContext } from './bench-context.ts';
import { ORDER_TOTAL, standardEvent } from './sqs-events.ts';

// Run by cold-start.ts in a fresh `node` process per sample:
// `node cold-start-probe.ts <bundle.cjs> [--init-only]`.
// Prints one line, `COLD_START {"initMillis":..,"firstBatchMillis":..,"sdkAtInit":[..]}`, among whatever
// the bundle logs.
const bundleArgument = process.argv[2];
if (!bundleArgument) throw new Error('Usage: node bench/sqs-batch/cold-start-probe.ts <bundle.cjs>');
const bundlePath = resolve(bundleArgument);
const requireBundle = createRequire(import.meta.url);
const event = standardEvent(10);
const context = benchContext();

const beforeInit = performance.now();
const loaded: unknown = requireBundle(bundlePath);
const afterInit = performance.now();
// Which AWS SDK packages the bundle's init pulled from the runtime (they are external to it).
const sdkAtInit = [
  ...new Set(
    Object.keys(requireBundle.cache).flatMap(
      (path) => /node_modules\/(@aws-sdk\/[^/]+)/.exec(path)?.[1] ?? [],
    ),
  ),
].sort();
const handler = (loaded as { handler?: unknown }).handler;
if (typeof handler !== 'function') throw new Error(`${bundlePath} exports no handler function.`);
if (process.argv[3] === '--init-only') {
  process.stdout.write(
    `COLD_START ${JSON.stringify({ initMillis: afterInit - beforeInit, firstBatchMillis: null, sdkAtInit })}\n`,
  );
  process.exit(0);
}
const response = (await handler(event, context)) as { batchItemFailures: unknown[] };
const afterFirstBatch = performance.now();
if (response.batchItemFailures.length > 0) {
  throw new Error(`${bundlePath} failed ${response.batchItemFailures.length} records of a valid batch.`);
}
const handledTotal = (loaded as { handledTotal?: () => number }).handledTotal?.();
if (handledTotal !== event.Records.length * ORDER_TOTAL) {
  throw new Error(
    `${bundlePath} handled a total of ${handledTotal}; its handler did not run on every record.`,
  );
}
process.stdout.write(
  `COLD_START ${JSON.stringify({ initMillis: afterInit - beforeInit, firstBatchMillis: afterFirstBatch - afterInit, sdkAtInit })}\n`,
);
