import { type FSWatcher, watch } from 'node:fs';
import { synthesize } from '../assembly/index.ts';
import { provisionAssembly } from '../cfn/index.ts';
import { swapChangedCode } from './hot-swap.ts';
import type { LocalCloud } from './local-cloud.ts';

/**
 * `npm start -- --watch`: when a file under `folders` changes, synthesizes the app again (the same
 * bundling as a deploy), re-provisions (existing queues and tables are found and kept, with their
 * contents) and swaps in the functions whose bundle changed. Returns a function that stops watching.
 */
export function watchAndSwap(
  cloud: LocalCloud,
  options: {
    readonly folders: readonly string[];
    readonly outdir: string;
    readonly log: (line: string) => void;
  },
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const rebuild = async () => {
    const started = Date.now();
    try {
      const assembly = await synthesize({ outdir: options.outdir });
      const provisioned = await provisionAssembly(assembly, { apiEndpoint: cloud.url });
      const swapped = await swapChangedCode(cloud.functions, provisioned.functions);
      options.log(
        swapped.length
          ? `ferry local: swapped in ${swapped.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`
          : 'ferry local: rebuilt; no function bundle changed',
      );
    } catch (error) {
      // A broken edit must not stop the cloud: keep the old code running and say why.
      options.log(
        `ferry local: rebuild failed, still running the previous code: ${(error as Error).message}`,
      );
    }
  };
  const watchers: FSWatcher[] = options.folders.map((folder) =>
    watch(folder, { recursive: true }, (_event, file) => {
      if (file && /(^|\/)(node_modules|cdk\.out)\//.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(rebuild);
      }, 300);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
