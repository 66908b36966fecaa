import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaNodeRuntime } from '../local-function-props.ts';
import { RuntimeError } from './runtime-error.ts';

/** A loaded handler: `(event, context)`, plus `callback` on runtimes before Node.js 24. */
export type HandlerFunction = (event: unknown, context: unknown, callback?: unknown) => unknown;

/** `src/index.handler` split into folder, module and export path. */
export interface ParsedHandler {
  readonly moduleRoot: string;
  readonly moduleName: string;
  readonly exportPath: readonly string[];
}

/**
 * Splits a `Handler` setting the way the Node.js runtime does: the last path segment is
 * `module.export`, where the module name has no dot and the export may be a dotted path.
 * (aws-lambda-nodejs-runtime-interface-client, src/utils/handler-path.ts.)
 */
export function parseHandler(handler: string): ParsedHandler {
  const base = path.posix.basename(handler);
  const match = /^([^.]*)\.(.+)$/.exec(base);
  if (!match?.[1] || !match[2]) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return {
    moduleRoot: handler.slice(0, handler.length - base.length).replace(/\/$/, ''),
    moduleName: match[1],
    exportPath: match[2].split('.'),
  };
}

// The runtime tries these suffixes in order (src/function/module-loader.ts of the same client).
const EXTENSIONS = ['', '.js', '.mjs', '.cjs'] as const;

function findModuleFile(base: string): string | undefined {
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}

function isModuleNotFound(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

async function importModule(file: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `SyntaxError: ${error.message}`, {
        cause: error,
      });
    }
    if (isModuleNotFound(error)) {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

function lookup(root: unknown, exportPath: readonly string[]): unknown {
  let value = root;
  for (const key of exportPath) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Loads the handler from the task root: CommonJS, ESM (`.mjs`, or `.js` under `"type": "module"`)
 * alike, through `import()`, whose CommonJS namespace also carries `module.exports` as `default`.
 * Failures carry Lambda's init error types (ImportModuleError, HandlerNotFound, ...). On
 * `nodejs24.x` a handler declaring three parameters is refused, as Lambda refuses callbacks there.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
export async function loadHandler(
  taskRoot: string,
  handler: string,
  runtime: LambdaNodeRuntime,
): Promise<HandlerFunction> {
  const parsed = parseHandler(handler);
  const file = findModuleFile(path.resolve(taskRoot, parsed.moduleRoot, parsed.moduleName));
  if (file === undefined) {
    throw new RuntimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${parsed.moduleName}' in ${path.resolve(taskRoot, parsed.moduleRoot)}`,
    );
  }
  const namespace = await importModule(file);
  const found =
    lookup(namespace, parsed.exportPath) ?? lookup(lookup(namespace, ['default']), parsed.exportPath);
  if (found === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handler} is undefined or not exported`);
  }
  if (typeof found !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handler} is not a function`);
  }
  if (runtime === 'nodejs24.x' && found.length >= 3) {
    // Wording of the Node.js 24 runtime (src/context/constants.ts, CALLBACK_ERROR_NODEJS24_ABOVE).
    throw new RuntimeError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
        'You need to modify this function to use a supported handler signature to use Node.js 24 or later. ' +
        'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return found as HandlerFunction;
}
