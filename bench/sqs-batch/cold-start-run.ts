import { type ColdStartSubject, measureColdStarts } from './cold-start.ts';
import { coldStartTable, coldStartVerdicts, verdictList } from './report.ts';

// Only the cold-start part of run.ts, for the minimal consumers (a few minutes less):
// `node bench/sqs-batch/cold-start-run.ts`; BENCH_COLD_PROCESSES sets the fresh processes per bundle.
const coldProcesses = Number(process.env.BENCH_COLD_PROCESSES ?? 20);
if (!Number.isInteger(coldProcesses) || coldProcesses < 1) {
  throw new Error(
    `BENCH_COLD_PROCESSES must be a positive integer, got ${process.env.BENCH_COLD_PROCESSES}.`,
  );
}

const subjects: ColdStartSubject[] = [
  { name: 'ferry', entry: 'ferry-consumer.ts', zod: 'mini' },
  { name: 'powertools', entry: 'powertools-consumer.ts', zod: 'mini' },
  { name: 'ferry', entry: 'ferry-consumer.ts', zod: 'classic' },
  { name: 'powertools', entry: 'powertools-consumer.ts', zod: 'classic' },
];

const results = await measureColdStarts(subjects, coldProcesses);
process.stdout.write(
  `${coldStartTable(results, coldProcesses)}\n\n${verdictList(coldStartVerdicts(results))}\n`,
);
