import { describe, expect, it } from 'vitest';
import { mapFunctionResponse } from '../../../local/apigateway/index.ts';

describe('mapFunctionResponse', () => {
  it('infers 200 with a JSON body when the response has no statusCode', () => {
    const answer = mapFunctionResponse({ orderId: 'o-1' });

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toEqual(['application/json']);
    expect(answer.body.toString()).toBe('{"orderId":"o-1"}');
  });

  it('infers a string response as the body itself', () => {
    expect(mapFunctionResponse('Hello from Lambda!').body.toString()).toBe('Hello from Lambda!');
  });

  it('maps a structured response with headers, multi-value headers and cookies', () => {
    const answer = mapFunctionResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': 5 },
      multiValueHeaders: { Vary: ['accept', 'prefer'] },
      cookies: ['a=1; Path=/', 'b=2'],
      body: '{"status":201}',
    });

    expect(answer).toEqual({
      statusCode: 201,
      headers: {
        'content-type': ['application/problem+json'],
        'retry-after': ['5'],
        vary: ['accept', 'prefer'],
        'set-cookie': ['a=1; Path=/', 'b=2'],
      },
      body: Buffer.from('{"status":201}'),
    });
  });

  it('decodes a base64 body', () => {
    const answer = mapFunctionResponse({
      statusCode: 200,
      body: Buffer.from([0, 1, 2]).toString('base64'),
      isBase64Encoded: true,
    });

    expect([...answer.body]).toEqual([0, 1, 2]);
  });

  it('answers an empty body when the structured response has none', () => {
    expect(mapFunctionResponse({ statusCode: 204 }).body.length).toBe(0);
  });

  it('fails with 500 when the status code is not an HTTP status', () => {
    expect(mapFunctionResponse({ statusCode: 'soon' }).statusCode).toBe(500);
  });

  it('fails with 500 when the body is not a string', () => {
    const answer = mapFunctionResponse({ statusCode: 200, body: { not: 'a string' } });

    expect(answer.statusCode).toBe(500);
    expect(answer.body.toString()).toBe('{"message":"Internal Server Error"}');
  });
});
