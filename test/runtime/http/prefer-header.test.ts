import { describe, expect, it } from 'vitest';
import { parsePrefer } from '../../../runtime/http/prefer-header.ts';

describe('parsePrefer', () => {
  it('answers at once when there is no Prefer header', () => {
    expect(parsePrefer(undefined)).toEqual({ waitSeconds: 0 });
  });

  it('applies respond-async', () => {
    expect(parsePrefer('respond-async')).toEqual({ waitSeconds: 0, applied: 'respond-async' });
  });

  it('applies wait=N below the cap', () => {
    expect(parsePrefer('wait=5')).toEqual({ waitSeconds: 5, applied: 'wait=5' });
  });

  it('caps wait at 20 seconds and says so', () => {
    expect(parsePrefer('wait=120')).toEqual({ waitSeconds: 20, applied: 'wait=20' });
  });

  it('lets respond-async win over wait, in any order and case', () => {
    expect(parsePrefer('wait=10, Respond-Async')).toEqual({ waitSeconds: 0, applied: 'respond-async' });
  });

  it('ignores malformed and unknown preferences', () => {
    expect(parsePrefer('wait=-1, wait=abc, handling=lenient, wait')).toEqual({ waitSeconds: 0 });
  });

  it('accepts a quoted value and parameters', () => {
    expect(parsePrefer('wait="3";foo=bar')).toEqual({ waitSeconds: 3, applied: 'wait=3' });
  });
});
