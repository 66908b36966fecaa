import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalFunction, LogLine, LogSink } from '../../../local/lambda/index.ts';

/**
 * Writes small bundles (what NodejsFunction would emit) into temp folders, and removes them and
 * disposes the functions of a test file in `cleanup`.
 */
export function fixtureBundles(): {
  write(files: Record<string, string>): Promise<string>;
  track(fn: LocalFunction): LocalFunction;
  cleanup(): Promise<void>;
} {
  const folders: string[] = [];
  const functions: LocalFunction[] = [];
  return {
    async write(files) {
      const folder = await mkdtemp(path.join(tmpdir(), 'ferry-lambda-'));
      folders.push(folder);
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
        await writeFile(path.join(folder, name), content);
      }
      return folder;
    },
    track(fn) {
      functions.push(fn);
      return fn;
    },
    async cleanup() {
      await Promise.all(functions.splice(0).map((fn) => fn.dispose()));
      await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
    },
  };
}

/** A log sink that keeps every line, for assertions. */
export function collectLogs(): { sink: LogSink; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { sink: (line) => lines.push(line), lines };
}

/** A CommonJS handler body: `exports.handler = async (event, context) => { <body> }` plus a module counter. */
export function cjsHandler(body: string, preamble = ''): Record<string, string> {
  return {
    'index.js': `${preamble}\nlet invocations = 0;\nexports.handler = async (event, context) => {\n  invocations += 1;\n${body}\n};\n`,
  };
}

/** Resolves after `millis`. */
export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
