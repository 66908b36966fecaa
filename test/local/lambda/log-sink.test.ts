import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LocalFunction, prefixedLogSink } from '../../../local/lambda/index.ts';
import { pipeLines } from '../../../local/lambda/log-sink.ts';
import { cjsHandler, collectLogs, fixtureBundles } from './fixture-bundles.ts';

const bundles = fixtureBundles();
afterAll(() => bundles.cleanup());

describe('prefixedLogSink', () => {
  it("writes each line prefixed with the function's name", () => {
    const output = new PassThrough();
    const sink = prefixedLogSink(output);

    sink({
      functionName: 'OrdersApi',
      environmentId: 'OrdersApi-1',
      stream: 'stdout',
      line: 'accepted order 7',
    });

    expect(output.read()?.toString()).toBe('[OrdersApi] accepted order 7\n');
  });
});

describe('pipeLines', () => {
  it('splits chunks into lines and emits a last line without a newline at the end', () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    pipeLines(stream, (line) => lines.push(line));

    stream.write('first\nsec');
    stream.write('ond\r\nthird');
    stream.end();

    return vi.waitFor(() => expect(lines).toEqual(['first', 'second', 'third']));
  });
});

describe('LocalFunction logs', () => {
  it('hands every stdout and stderr line to the sink with the function name', async () => {
    const logs = collectLogs();
    const codeDir = await bundles.write(
      cjsHandler(`
        console.log('line one\\nline two');
        console.error('went wrong');
        console.log(JSON.stringify({ _aws: { CloudWatchMetrics: [] }, Orders: 1 }));
        return 'ok';
      `),
    );
    const fn = bundles.track(new LocalFunction({ functionName: 'OrdersApi', codeDir, logSink: logs.sink }));

    const result = await fn.invoke({});

    await vi.waitFor(() => expect(logs.lines).toHaveLength(4));
    expect(logs.lines).toEqual([
      { functionName: 'OrdersApi', environmentId: result.environmentId, stream: 'stdout', line: 'line one' },
      { functionName: 'OrdersApi', environmentId: result.environmentId, stream: 'stdout', line: 'line two' },
      expect.objectContaining({ stream: 'stderr', line: 'went wrong' }),
      expect.objectContaining({ stream: 'stdout', line: '{"_aws":{"CloudWatchMetrics":[]},"Orders":1}' }),
    ]);
  });

  it('logs an Invoke Error line with the request id when the handler fails', async () => {
    const logs = collectLogs();
    const codeDir = await bundles.write(cjsHandler('throw new Error("declined");'));
    const fn = bundles.track(new LocalFunction({ functionName: 'Payments', codeDir, logSink: logs.sink }));

    const result = await fn.invoke({});

    // The worker's stderr reaches the parent apart from its result: wait for the line.
    const errorLine = await vi.waitFor(() => {
      const line = logs.lines.find((entry) => entry.line.includes('Invoke Error'));
      if (!line) throw new Error('no Invoke Error line yet');
      return line;
    });
    expect(errorLine).toMatchObject({ functionName: 'Payments', stream: 'stderr' });
    expect(errorLine?.line).toContain(
      `${result.requestId}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"declined"`,
    );
  });
});
