import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * An RFC 9457 problem details object. `type` is a URN naming the problem kind (documented in
 * docs/api.md); extension members (such as `errors`) sit beside the standard ones.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** One problem found in a request body: where (RFC 6901 JSON pointer) and what. */
export interface FieldProblem {
  readonly pointer: string;
  readonly detail: string;
}

/** Media type of every error body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An HTTP failure with the problem details that describe it. Request parsing throws these; the
 * handler turns them into responses with {@link problemResponse}.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;

  constructor(problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.problem = problem;
    this.headers = headers;
  }
}

/** Builds an {@link HttpProblem} whose `type` is `urn:ferry:problem:<slug>`. */
export function httpProblem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): HttpProblem {
  return new HttpProblem(
    { ...extensions, type: `urn:ferry:problem:${slug}`, title, status, detail },
    headers,
  );
}

/** The API Gateway (payload 2.0) response carrying a problem. */
export function problemResponse(
  problem: ProblemDetails,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
  };
}

/**
 * Turns whatever a handler threw into a response: an {@link HttpProblem} becomes its own answer;
 * anything else is a 500 that says the request may be retried with the same Idempotency-Key and
 * does not leak internals.
 */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpProblem || (error instanceof Error && error.name === 'HttpProblem')) {
    const problem = error as HttpProblem;
    return problemResponse(problem.problem, problem.headers);
  }
  return problemResponse({
    type: 'urn:ferry:problem:internal-error',
    title: 'Internal error',
    status: 500,
    detail:
      'The request could not be completed. Retry it with the same Idempotency-Key; nothing is applied twice.',
  });
}
