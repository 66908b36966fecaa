import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median } from '../sqs-batch/measure.ts';

// The shop's Lambda bundles, built as the constructs build them (infra/constructs/private/
// ferry-function.ts: esbuild, minified ESM, node24, `@aws-sdk/*` external, the require shim), with
// their bytes, the bytes of zod in them, and module init over fresh processes:
// `node bench/functions/run.ts`; BENCH_COLD_PROCESSES sets the processes per bundle (default 15).
const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside node_modules so the external AWS SDK resolves as in Lambda; git-ignored.
const outDir = join(root, 'node_modules', '.cache', 'ferry-bench', 'functions');
const processes = Number(process.env.BENCH_COLD_PROCESSES ?? 15);
if (!Number.isInteger(processes) || processes < 1) {
  throw new Error(
    `BENCH_COLD_PROCESSES must be a positive integer, got ${process.env.BENCH_COLD_PROCESSES}.`,
  );
}

const ENTRIES = [
  'functions/api/handler.ts',
  'functions/inventory/handler.ts',
  'functions/payment/handler.ts',
  'functions/notifier/handler.ts',
  'runtime/outbox/relay-handler.ts',
  'runtime/outbox/rehydrator-handler.ts',
];

/** What the functions read at init; no AWS call is made before the first event. */
const ENV = {
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'bench',
  SHOP_TABLE: 'bench',
  SHOP_LANE: 'urgent',
  FERRY_OUTBOX_TABLE: 'bench',
  FERRY_OUTBOX_ROUTES: '{}',
  FERRY_IDEMPOTENCY_TABLE: 'bench',
};

const PROBE =
  "const started = performance.now(); await import(process.argv[1]); process.stdout.write('INIT ' + (performance.now() - started) + '\\n');";

async function initMillis(file: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, file], {
    env: { PATH: process.env.PATH, ...ENV },
  }).catch((error: { stderr?: string }) => {
    // The bundle is minified onto a few long lines: keep the error, not the source around it.
    const tail = (error.stderr ?? '').trim().split('\n').slice(-8).join('\n').slice(-2_000);
    throw new Error(`${file} failed at init:\n${tail}`);
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('INIT '));
  if (!line) throw new Error(`${file} printed no init time; its output was:\n${stdout}`);
  return Number(line.slice('INIT '.length));
}

await mkdir(outDir, { recursive: true });
const bundles = [];
for (const entry of ENTRIES) {
  const outfile = join(outDir, `${entry.replaceAll('/', '_').replace(/\.ts$/, '')}.mjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const zod = Object.entries(output?.inputs ?? {})
    .filter(([input]) => input.includes('node_modules/zod/'))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  bundles.push({ entry, outfile, bytes: output?.bytes ?? 0, zod, samples: [] as number[] });
}
for (let round = 0; round < processes; round += 1) {
  for (let offset = 0; offset < bundles.length; offset += 1) {
    const bundle = bundles[(round + offset) % bundles.length];
    bundle?.samples.push(await initMillis(bundle.outfile));
  }
}
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
process.stdout.write(
  [
    `**Shop function bundles** (as the constructs build them; module init: median over ${processes} fresh processes, Node ${process.version})`,
    '',
    '| function entry | bundle | of which zod | module init |',
    '|---|---:|---:|---:|',
    ...bundles.map(
      (bundle) =>
        `| ${bundle.entry} | ${kb(bundle.bytes)} | ${kb(bundle.zod)} | ${median(bundle.samples).toFixed(1)} ms |`,
    ),
    '',
  ].join('\n'),
);
