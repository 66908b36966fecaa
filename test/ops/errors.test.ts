import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../ops/errors.ts';

describe('adviceFor', () => {
  it('tells how to log in when no credentials were found', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });

    expect(adviceFor(error)).toMatch(/^no AWS credentials found: set AWS_PROFILE/);
  });

  it('tells how to reach the endpoint when nothing listens there', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });

    expect(adviceFor(error)).toMatch(
      /cannot reach the endpoint .*check --endpoint, or start the local cloud/,
    );
  });

  it('has no advice for other errors', () => {
    expect(adviceFor(new Error('throttled'))).toBeUndefined();
  });
});
