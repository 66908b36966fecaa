import { describe, expect, it } from 'vitest';

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
