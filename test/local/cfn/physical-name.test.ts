import { describe, expect, it } from 'vitest';
import { physicalName } from '../../../local/cfn/index.ts';

describe('physicalName', () => {
  it('names a resource <stack>-<logicalId>-<12 letters and digits>', () => {
    expect(physicalName('Shop', 'OrdersQueue1A2B', { maxLength: 80 })).toMatch(
      /^Shop-OrdersQueue1A2B-[A-Z0-9]{12}$/,
    );
  });

  it('gives the same name on every run', () => {
    expect(physicalName('Shop', 'Table', { maxLength: 255 })).toBe(
      physicalName('Shop', 'Table', { maxLength: 255 }),
    );
  });

  it('gives different resources different names', () => {
    expect(physicalName('Shop', 'A', { maxLength: 80 })).not.toBe(
      physicalName('Shop', 'B', { maxLength: 80 }),
    );
  });

  it('keeps a suffix such as .fifo within the length limit', () => {
    const name = physicalName('S'.repeat(60), 'L'.repeat(60), { maxLength: 80, suffix: '.fifo' });

    expect(name).toHaveLength(80);
    expect(name.endsWith('.fifo')).toBe(true);
  });

  it('gives a long stack name the room a short logical id leaves', () => {
    const name = physicalName('S'.repeat(100), 'Fn', { maxLength: 64 });

    expect(name).toMatch(/^S{48}-Fn-[A-Z0-9]{12}$/);
  });
});
