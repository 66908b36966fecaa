import type { LambdaFunctionModel } from '../cfn/index.ts';

/** What hot swapping needs of a running function. */
export interface SwappableFunction {
  readonly codeDir: string;
  updateCode(codeDir: string): Promise<void>;
}

/**
 * Points each running function whose bundled asset changed at its new code: new invocations get
 * new execution environments, in-flight ones finish on the old code (see LocalFunction.updateCode).
 * Queues and tables are untouched. Returns the names of the functions swapped.
 */
export async function swapChangedCode(
  functions: ReadonlyMap<string, SwappableFunction>,
  models: readonly LambdaFunctionModel[],
): Promise<string[]> {
  const swapped: string[] = [];
  for (const model of models) {
    const running = functions.get(model.functionName);
    if (!running || !model.codeDir || model.codeDir === running.codeDir) continue;
    await running.updateCode(model.codeDir);
    swapped.push(model.functionName);
  }
  return swapped;
}
