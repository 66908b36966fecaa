import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { output } from 'zod/v4/core';
import { type AnySchema, describeIssue } from '../envelope.ts';
import { type FieldProblem, httpProblem } from './problem-details.ts';

/** Options for {@link parseJsonBody}. */
export interface ParseJsonBodyOptions {
  /**
   * Largest accepted body, in bytes (after base64 decoding).
   * @default 65_536
   */
  readonly maxBytes?: number;
}

/**
 * Validates and parses a JSON request body from an API Gateway HTTP API (payload 2.0) event:
 * `415` when the content type is not JSON, `413` when the body is too large, `400` when it is not
 * valid UTF-8 JSON or does not match `schema` (listing every problem with a JSON pointer).
 */
export function parseJsonBody<S extends AnySchema>(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
  schema: S,
  options: ParseJsonBodyOptions = {},
): output<S> {
  const maxBytes = options.maxBytes ?? 65_536;
  const contentType = header(event.headers, 'content-type');
  if (!contentType || !isJsonMediaType(contentType)) {
    throw httpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `The body must be JSON (Content-Type: application/json), got ${contentType ? `"${contentType}"` : 'no Content-Type'}.`,
      {},
      { accept: 'application/json' },
    );
  }
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBytes) {
    throw httpProblem(
      413,
      'content-too-large',
      'Content too large',
      `The body is ${bytes.length} bytes; the limit is ${maxBytes} bytes.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidBody('The body is not valid UTF-8.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidBody(`The body is not valid JSON: ${(error as Error).message}.`);
  }
  // Only an escape can produce a lone surrogate (the bytes were valid UTF-8): skip the walk otherwise.
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    const pointer = illFormedStringAt(json);
    if (pointer !== undefined) {
      throw invalidBody(
        `The string at "${pointer || '/'}" holds a lone UTF-16 surrogate escape (such as \\ud800), which is not valid Unicode (RFC 7493, I-JSON). Send well-formed text.`,
      );
    }
  }
  const result = z.safeParse(schema, json);
  if (!result.success) {
    const errors: FieldProblem[] = result.error.issues.map((issue) => ({
      pointer: toPointer(issue.path),
      detail: describeIssue(issue),
    }));
    throw httpProblem(
      400,
      'validation-error',
      'Invalid request body',
      `The body has ${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors
        .slice(0, 5)
        .map((e) => `${e.pointer || '/'} ${e.detail}`)
        .join('; ')}${errors.length > 5 ? '; ...' : ''}.`,
      { errors },
    );
  }
  return result.data;
}

/** Case-insensitive header lookup (API Gateway lower-cases names in payload 2.0, tests may not). */
export function header(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function isJsonMediaType(contentType: string): boolean {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

function invalidBody(detail: string) {
  return httpProblem(400, 'invalid-json', 'Invalid JSON body', detail, {
    errors: [{ pointer: '', detail }],
  });
}

/**
 * The JSON pointer of the first string (member names included) that is not well-formed Unicode,
 * or undefined. Iterative: a body may nest thousands of levels deep.
 * @see https://www.rfc-editor.org/rfc/rfc7493#section-2.1
 */
function illFormedStringAt(value: unknown): string | undefined {
  // Each entry links to its parent, so a deep body costs memory in proportion to its size.
  type Step = { readonly value: unknown; readonly key?: PropertyKey; readonly parent?: Step };
  const pathOf = (step: Step, last?: string): string => {
    const reversed: PropertyKey[] = last === undefined ? [] : [last];
    for (let at: Step | undefined = step; at?.key !== undefined; at = at.parent) reversed.push(at.key);
    return toPointer(reversed.reverse());
  };
  const pending: Step[] = [{ value }];
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    const current = step.value;
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return pathOf(step);
    } else if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index += 1)
        pending.push({ value: current[index], key: index, parent: step });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (!key.isWellFormed()) return pathOf(step, key);
        pending.push({ value: item, key, parent: step });
      }
    }
  }
  return undefined;
}

/** RFC 6901: `~` becomes `~0`, `/` becomes `~1`. */
function toPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
