import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODEJS_FUNCTION_DEFAULTS } from '../../bench/sqs-batch/cold-start.ts';

// Self-references resolve through package.json `exports`, as they do for an app that depends on Ferry.
describe('package exports', () => {
  it('lets apps import a single runtime module for the leanest bundle', async () => {
    const consumer = await import('ferry/runtime/sqs/sqs-consumer.ts');
    const idempotency = await import('ferry/runtime/idempotency/table-idempotency.ts');

    expect(typeof consumer.createSqsConsumer).toBe('function');
    expect(typeof idempotency.tableIdempotency).toBe('function');
  });

  it('keeps the whole runtime at ferry/runtime', async () => {
    const runtime = await import('ferry/runtime');

    expect(typeof runtime.createSqsConsumer).toBe('function');
    expect(typeof runtime.middyConsumer).toBe('function');
  });
});

describe('package index bundle', () => {
  // package.json says `"sideEffects": false`, so a bundler drops every module of the index whose
  // exports the app does not use: importing from `ferry` costs no more than importing the module.
  async function bundleBytes(importFrom: string): Promise<{ bytes: number; code: string }> {
    const { build } = await import('esbuild');
    const result = await build({
      stdin: {
        contents: `import { createSqsConsumer } from '${importFrom}';\nexport const { handler } = createSqsConsumer({ raw: { schema: undefined, handle: async () => {} } });`,
        resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
        loader: 'ts',
      },
      ...NODEJS_FUNCTION_DEFAULTS,
      external: [...NODEJS_FUNCTION_DEFAULTS.external],
      write: false,
      logLevel: 'error',
    });
    const code = result.outputFiles[0]?.text ?? '';
    return { bytes: code.length, code };
  }

  it('is as small as the consumer module alone and loads no AWS SDK client at init', async () => {
    const index = await bundleBytes('./runtime/index.ts');
    const single = await bundleBytes('./runtime/sqs/sqs-consumer.ts');

    // Equal but for a few bytes of minified names.
    expect(index.bytes).toBeLessThanOrEqual(single.bytes * 1.01);
    expect(index.code).not.toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
    expect(index.code).not.toMatch(/require\("zod"\)|zod\/v4\/locales/);
  });
});
