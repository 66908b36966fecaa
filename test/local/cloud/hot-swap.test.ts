import { describe, expect, it } from 'vitest';
import type { LambdaFunctionModel } from '../../../local/cfn/index.ts';
import { type SwappableFunction, swapChangedCode } from '../../../local/cloud/hot-swap.ts';

function running(codeDir: string): SwappableFunction & { swappedTo: string[] } {
  const fn = {
    codeDir,
    swappedTo: [] as string[],
    async updateCode(dir: string) {
      fn.swappedTo.push(dir);
      fn.codeDir = dir;
    },
  };
  return fn;
}

const model = (functionName: string, codeDir: string | undefined) =>
  ({ functionName, codeDir }) as LambdaFunctionModel;

describe('swapChangedCode', () => {
  it('swaps only the functions whose bundle folder changed', async () => {
    const api = running('cdk.out/asset.a');
    const worker = running('cdk.out/asset.b');

    const swapped = await swapChangedCode(
      new Map([
        ['Api', api],
        ['Worker', worker],
      ]),
      [model('Api', 'cdk.out/asset.c'), model('Worker', 'cdk.out/asset.b')],
    );

    expect(swapped).toEqual(['Api']);
    expect(api.swappedTo).toEqual(['cdk.out/asset.c']);
    expect(worker.swappedTo).toEqual([]);
  });

  it('leaves alone functions that are new, gone, or have no local code', async () => {
    const api = running('cdk.out/asset.a');

    const swapped = await swapChangedCode(new Map([['Api', api]]), [
      model('Api', undefined),
      model('New', 'cdk.out/asset.n'),
    ]);

    expect(swapped).toEqual([]);
  });
});
