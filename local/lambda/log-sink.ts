import type { Readable } from 'node:stream';

/** One complete line a function wrote, before any prefix is added. */
export interface LogLine {
  readonly functionName: string;
  /** The environment that wrote it: several run at once. */
  readonly environmentId: string;
  readonly stream: 'stdout' | 'stderr';
  /** The raw text without its newline, so an EMF JSON line can be parsed as is. */
  readonly line: string;
}

/** Where function output goes. */
export type LogSink = (line: LogLine) => void;

/** A sink that writes `[FunctionName] line` to `output`, stdout and stderr alike. */
export function prefixedLogSink(output: NodeJS.WritableStream = process.stdout): LogSink {
  return ({ functionName, line }) => {
    output.write(`[${functionName}] ${line}\n`);
  };
}

/**
 * Splits a worker's output stream into lines for `emit`. A last line without a newline is
 * emitted when the stream ends, so a crash does not swallow it.
 */
export function pipeLines(stream: Readable, emit: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) emit(line.endsWith('\r') ? line.slice(0, -1) : line);
  });
  stream.on('end', () => {
    if (partial !== '') emit(partial);
    partial = '';
  });
}
