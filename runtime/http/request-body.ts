import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
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
export function parseJsonBody<S extends z.ZodType>(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
  schema: S,
  options: ParseJsonBodyOptions = {},
): z.infer<S> {
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
  const result = schema.safeParse(json);
  if (!result.success) {
    const errors: FieldProblem[] = result.error.issues.map((issue) => ({
      pointer: toPointer(issue.path),
      detail: issue.message,
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

/** RFC 6901: `~` becomes `~0`, `/` becomes `~1`. */
function toPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
