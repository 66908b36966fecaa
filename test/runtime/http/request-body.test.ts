import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpProblem } from '../../../runtime/http/problem-details.ts';
import { parseJsonBody } from '../../../runtime/http/request-body.ts';

const schema = z.object({ name: z.string().min(1), count: z.number().int().min(1) });
const json = { 'content-type': 'application/json' };

function problemOf(fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected an HttpProblem');
}

describe('parseJsonBody', () => {
  it('returns the parsed, validated body', () => {
    expect(
      parseJsonBody({ headers: json, body: '{"name":"a","count":2}', isBase64Encoded: false }, schema),
    ).toEqual({
      name: 'a',
      count: 2,
    });
  });

  it('decodes a base64 body', () => {
    const body = Buffer.from('{"name":"b","count":1}').toString('base64');

    expect(parseJsonBody({ headers: json, body, isBase64Encoded: true }, schema).name).toBe('b');
  });

  it('accepts application/json with a charset and +json media types', () => {
    const body = '{"name":"a","count":2}';

    expect(() =>
      parseJsonBody(
        { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, isBase64Encoded: false },
        schema,
      ),
    ).not.toThrow();
    expect(
      parseJsonBody(
        { headers: { 'content-type': 'application/merge-patch+json' }, body, isBase64Encoded: false },
        schema,
      ).count,
    ).toBe(2);
  });

  it('fails with 415 when the content type is not JSON', () => {
    const problem = problemOf(() =>
      parseJsonBody(
        { headers: { 'content-type': 'text/plain' }, body: '{}', isBase64Encoded: false },
        schema,
      ),
    );

    expect(problem.problem.status).toBe(415);
    expect(problem.problem.detail).toContain('text/plain');
  });

  it('fails with 415 when there is no content type', () => {
    expect(
      problemOf(() => parseJsonBody({ headers: {}, body: '{}', isBase64Encoded: false }, schema)).problem
        .status,
    ).toBe(415);
  });

  it('fails with 413 when the body is over the limit', () => {
    const problem = problemOf(() =>
      parseJsonBody({ headers: json, body: 'x'.repeat(65_537), isBase64Encoded: false }, schema),
    );

    expect(problem.problem.status).toBe(413);
    expect(problem.problem.detail).toContain('65537 bytes');
  });

  it('fails with 400 on invalid JSON', () => {
    const problem = problemOf(() =>
      parseJsonBody({ headers: json, body: '{"name":', isBase64Encoded: false }, schema),
    );

    expect(problem.problem.status).toBe(400);
    expect(problem.problem.type).toBe('urn:ferry:problem:invalid-json');
  });

  it('fails with 400 on invalid UTF-8', () => {
    const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64');

    expect(
      problemOf(() => parseJsonBody({ headers: json, body, isBase64Encoded: true }, schema)).problem.detail,
    ).toContain('UTF-8');
  });

  it('fails with 400 naming the string that holds a lone surrogate escape', () => {
    const body = '{"name":"a","count":1,"tags":[{"x":"ok"},{"\\ud800":"y"}]}';

    const problem = problemOf(() =>
      parseJsonBody({ headers: json, body, isBase64Encoded: false }, z.looseObject({})),
    );

    expect(problem.problem.type).toBe('urn:ferry:problem:invalid-json');
    expect(problem.problem.detail).toContain('"/tags/1/\ud800"');
  });

  it('fails with 400 on a lone surrogate in a value nested thousands of levels deep', () => {
    const body = `${'['.repeat(20_000)}"\\udfff"${']'.repeat(20_000)}`;

    const problem = problemOf(() => parseJsonBody({ headers: json, body, isBase64Encoded: false }, z.any()));

    expect(problem.problem.detail).toContain('lone UTF-16 surrogate');
  });

  it('accepts escaped surrogate pairs, which are well-formed', () => {
    const body = '{"name":"\\ud83d\\ude00","count":1}';

    expect(parseJsonBody({ headers: json, body, isBase64Encoded: false }, schema).name).toBe('\u{1F600}');
  });

  it('fails with 400 listing every schema problem with a JSON pointer', () => {
    const problem = problemOf(() =>
      parseJsonBody({ headers: json, body: '{"name":"","count":0.5}', isBase64Encoded: false }, schema),
    );

    expect(problem.problem.status).toBe(400);
    expect((problem.problem.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      '/count',
      '/name',
    ]);
  });

  it('fails with 400 when the body is missing', () => {
    expect(
      problemOf(() => parseJsonBody({ headers: json, body: undefined, isBase64Encoded: false }, schema))
        .problem.status,
    ).toBe(400);
  });
});
