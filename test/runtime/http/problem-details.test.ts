import { describe, expect, it } from 'vitest';
import { errorResponse, httpProblem } from '../../../runtime/http/problem-details.ts';
import { acceptedResponse } from '../../../runtime/http/responses.ts';

describe('problem details', () => {
  it('answers an HttpProblem with its own status, headers and problem+json body', () => {
    const response = errorResponse(
      httpProblem(409, 'request-in-progress', 'Busy', 'Retry soon.', {}, { 'retry-after': '2' }),
    );

    expect(response.statusCode).toBe(409);
    expect(response.headers).toEqual({ 'retry-after': '2', 'content-type': 'application/problem+json' });
    expect(JSON.parse(response.body ?? '')).toEqual({
      type: 'urn:ferry:problem:request-in-progress',
      title: 'Busy',
      status: 409,
      detail: 'Retry soon.',
    });
  });

  it('answers any other error with a 500 that leaks nothing', () => {
    const response = errorResponse(new Error('connect ECONNREFUSED 10.0.0.1:443'));

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(JSON.parse(response.body ?? '').detail).toContain('same Idempotency-Key');
  });
});

describe('acceptedResponse', () => {
  it('answers 202 with Location and Retry-After', () => {
    const response = acceptedResponse(
      '/orders/o-1',
      { orderId: 'o-1', status: 'PENDING' },
      { retryAfterSeconds: 2 },
    );

    expect(response.statusCode).toBe(202);
    expect(response.headers).toMatchObject({
      location: '/orders/o-1',
      'retry-after': '2',
      'content-type': 'application/json',
    });
  });
});
