import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ColdStartSubject, measureColdStarts } from './cold-start.ts';
import { coldStartTable, throughputTables, verdictList, verdicts } from './report.ts';
import { runThroughputCases } from './throughput.ts';

// Everything in one process and one run: `node bench/sqs-batch/run.ts` (see bench/README.md).
// BENCH_SCALE multiplies the timed iterations (default 1); BENCH_COLD_PROCESSES sets the fresh
// processes per cold-start bundle (default 20).
const scale = Number(process.env.BENCH_SCALE ?? 1);
const coldProcesses = Number(process.env.BENCH_COLD_PROCESSES ?? 20);
if (!(scale > 0) || !Number.isInteger(coldProcesses) || coldProcesses < 1) {
  throw new Error(
    `BENCH_SCALE must be > 0 and BENCH_COLD_PROCESSES a positive integer, got ${process.env.BENCH_SCALE} and ${process.env.BENCH_COLD_PROCESSES}.`,
  );
}

const subjects: ColdStartSubject[] = [
  { name: 'ferry', entry: 'ferry-consumer.ts', zod: 'mini' },
  { name: 'ferry-index', entry: 'ferry-index-consumer.ts', zod: 'mini' },
  { name: 'powertools', entry: 'powertools-consumer.ts', zod: 'mini' },
  { name: 'ferry', entry: 'ferry-consumer.ts', zod: 'classic' },
  { name: 'powertools', entry: 'powertools-consumer.ts', zod: 'classic' },
  { name: 'ferry-idempotent', entry: 'ferry-idempotent-consumer.ts', zod: 'mini', initOnly: true },
  {
    name: 'powertools-idempotent',
    entry: 'powertools-idempotent-consumer.ts',
    zod: 'mini',
    initOnly: true,
  },
];

const progress = (message: string): void => {
  process.stderr.write(`… ${message}\n`);
};

const startedAt = new Date();
const rows = await runThroughputCases(scale, progress);
progress(`cold starts: ${subjects.length} bundles x ${coldProcesses} processes`);
const coldStarts = await measureColdStarts(subjects, coldProcesses);
const goals = verdicts(rows, coldStarts);

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`;
process.stdout.write(
  [
    `SQS batch consumer benchmark, ${startedAt.toISOString().slice(0, 10)} (${machine}; BENCH_SCALE ${scale})`,
    '',
    throughputTables(rows),
    '',
    coldStartTable(coldStarts, coldProcesses),
    '',
    'Goals:',
    verdictList(goals),
    '',
  ].join('\n'),
);

const resultsFile = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
await mkdir(dirname(resultsFile), { recursive: true });
await writeFile(
  resultsFile,
  `${JSON.stringify({ date: startedAt.toISOString(), machine, scale, rows, coldStarts, goals }, null, 2)}\n`,
);
progress(`raw results written to ${resultsFile}`);
