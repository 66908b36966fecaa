import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { median } from './measure.ts';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Inside node_modules so the external AWS SDK resolves as it would in Lambda; git-ignored.
const outDir = join(root, 'node_modules', '.cache', 'ferry-bench', 'sqs-batch');

/** One bundle to measure: an entry of entries/ with the zod flavour its schemas use. */
export interface ColdStartSubject {
  readonly name: string;
  readonly entry: string;
  readonly zod: 'mini' | 'classic';
  /**
   * Measure module init only: the handler would reach a real DynamoDB table (idempotency), which
   * the probe has none of.
   */
  readonly initOnly?: boolean;
}

/** Size and start-up cost of one bundle; times are medians over fresh processes. */
export interface ColdStartResult {
  readonly name: string;
  readonly zod: 'mini' | 'classic';
  readonly bytes: number;
  readonly initMillis: number;
  /** Module init of every process, by round: entry i of two results ran in the same round. */
  readonly initSamples: readonly number[];
  /** NaN when the subject is measured at init only. */
  readonly firstBatchMillis: number;
  /** AWS SDK packages (external to the bundle) that its module init loads. */
  readonly sdkAtInit: readonly string[];
  /** The biggest contributors to the bundle, by package, bytes in the output. */
  readonly largest: readonly { readonly source: string; readonly bytes: number }[];
}

/** Swaps the zod/mini schemas for the classic ones, leaving everything else as written. */
function classicZod(): Plugin {
  return {
    name: 'classic-zod',
    setup(builder) {
      builder.onResolve({ filter: /\/order-schema\.ts$/ }, (args) => ({
        path: join(args.resolveDir, 'order-schema-classic.ts'),
      }));
    },
  };
}

function sourceOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  return input.startsWith('runtime/') ? 'ferry runtime/' : input;
}

function largestSources(metafile: Metafile, outfile: string): ColdStartResult['largest'] {
  const output = metafile.outputs[relative(root, outfile)];
  const bySource = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const source = sourceOf(input);
    bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
  }
  return [...bySource]
    .map(([source, bytes]) => ({ source, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
}

/**
 * The esbuild options of CDK's `NodejsFunction` by default: minified CommonJS for node24, the AWS
 * SDK v3 left to the Lambda runtime.
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html
 */
export const NODEJS_FUNCTION_DEFAULTS = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  external: ['@aws-sdk/*'],
} as const satisfies BuildOptions;

/** Bundles a subject with {@link NODEJS_FUNCTION_DEFAULTS}. */
async function bundle(subject: ColdStartSubject): Promise<{ outfile: string; metafile: Metafile }> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `${subject.name}-${subject.zod}.cjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(here, 'entries', subject.entry)],
    ...NODEJS_FUNCTION_DEFAULTS,
    external: [...NODEJS_FUNCTION_DEFAULTS.external],
    outfile,
    metafile: true,
    logLevel: 'error',
    plugins: subject.zod === 'classic' ? [classicZod()] : [],
  });
  return { outfile, metafile: result.metafile };
}

interface ProbeSample {
  readonly initMillis: number;
  readonly firstBatchMillis: number | null;
  readonly sdkAtInit: readonly string[];
}

async function probe(outfile: string, initOnly: boolean): Promise<ProbeSample> {
  const args = [join(here, 'cold-start-probe.ts'), outfile, ...(initOnly ? ['--init-only'] : [])];
  const { stdout } = await run(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      // Idempotent subjects build their store at init (nothing is called before a batch); the
      // others must run without a table.
      ...(initOnly ? { FERRY_IDEMPOTENCY_TABLE: 'bench', IDEMPOTENCY_TABLE: 'bench' } : {}),
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bench-consumer',
      POWERTOOLS_SERVICE_NAME: 'bench',
      POWERTOOLS_METRICS_NAMESPACE: 'Bench',
    },
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('COLD_START '));
  if (!line)
    throw new Error(`The cold-start probe of ${outfile} printed no result; its output was:\n${stdout}`);
  return JSON.parse(line.slice('COLD_START '.length)) as ProbeSample;
}

/**
 * Bundles each subject, then starts `processes` fresh node processes per subject (taking turns,
 * so background noise spreads evenly and the samples of one round can be paired) and reports the
 * median module init and first-batch times.
 */
export async function measureColdStarts(
  subjects: readonly ColdStartSubject[],
  processes: number,
): Promise<ColdStartResult[]> {
  const bundles = [];
  for (const subject of subjects) bundles.push({ subject, ...(await bundle(subject)) });
  const samples = bundles.map(() => ({
    init: [] as number[],
    firstBatch: [] as number[],
    sdk: new Set<string>(),
  }));
  for (let round = 0; round < processes; round += 1) {
    // Each round starts with another bundle, so none always runs first (or after the same one).
    for (let offset = 0; offset < bundles.length; offset += 1) {
      const index = (round + offset) % bundles.length;
      const { outfile, subject } = bundles[index] as (typeof bundles)[number];
      const sample = await probe(outfile, subject.initOnly === true);
      samples[index]?.init.push(sample.initMillis);
      if (sample.firstBatchMillis !== null) samples[index]?.firstBatch.push(sample.firstBatchMillis);
      for (const name of sample.sdkAtInit) samples[index]?.sdk.add(name);
    }
  }
  return Promise.all(
    bundles.map(async ({ subject, outfile, metafile }, index) => ({
      name: subject.name,
      zod: subject.zod,
      bytes: (await stat(outfile)).size,
      initMillis: median(samples[index]?.init ?? []),
      initSamples: samples[index]?.init ?? [],
      firstBatchMillis: subject.initOnly ? Number.NaN : median(samples[index]?.firstBatch ?? []),
      sdkAtInit: [...(samples[index]?.sdk ?? [])].sort(),
      largest: largestSources(metafile, outfile),
    })),
  );
}
