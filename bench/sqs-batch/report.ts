import type { ColdStartResult } from './cold-start.ts';
import { type MedianInterval, medianInterval } from './measure.ts';
import type { HandlerKind, ThroughputRow } from './throughput.ts';

/** A goal of issue 3 and whether this run met it. */
export interface GoalVerdict {
  readonly goal: string;
  readonly met: boolean;
  readonly evidence: string;
}

/** Largest Ferry/Powertools ratio still counted as "at least as fast" on standard batches. */
const STANDARD_RATIO_LIMIT = 1.05;
/** Smallest Powertools-FIFO/Ferry speed-up required with 10 groups of a 10-message batch. */
const FIFO_SPEEDUP_GOAL = 8;

const HANDLER_LABEL: Record<HandlerKind, string> = { io5ms: '5 ms I/O', noop: 'no-op' };

function time(millis: number | undefined, handler: HandlerKind): string {
  if (millis === undefined) return '';
  return handler === 'noop' ? `${(millis * 1000).toFixed(1)} µs` : `${millis.toFixed(2)} ms`;
}

const ratio = (value: number): string => value.toFixed(2);
const yesNo = (value: boolean): string => (value ? 'yes' : '**no**');

/** The batch time Ferry is judged by: with the bound lifted where the default bound is the limit. */
function ferryWhereBoundIsNotTheLimit(row: ThroughputRow): number {
  return row.ferryUnbounded ?? row.ferry;
}

/** Markdown tables of the throughput medians and ratios. */
export function throughputTables(rows: readonly ThroughputRow[]): string {
  const standard = rows.filter((row) => row.queue === 'standard');
  const fifo = rows.filter((row) => row.queue === 'fifo');
  const lines = [
    '**Standard queue** (median per batch; ratio < 1: Ferry faster)',
    '',
    '| batch | handler | Ferry (bound 100) | Ferry (maxConcurrency 1000) | Powertools BatchProcessor | middy | Ferry / Powertools | Ferry / middy |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...standard.map((row) => {
      const unbounded = row.ferryUnbounded;
      const vsPowertools =
        unbounded === undefined
          ? ratio(row.ferry / row.powertools)
          : `${ratio(row.ferry / row.powertools)} (unbounded: ${ratio(unbounded / row.powertools)})`;
      const vsMiddy =
        unbounded === undefined
          ? ratio(row.ferry / row.middy)
          : `${ratio(row.ferry / row.middy)} (unbounded: ${ratio(unbounded / row.middy)})`;
      return `| ${row.batchSize} | ${HANDLER_LABEL[row.handler]} | ${time(row.ferry, row.handler)} | ${time(unbounded, row.handler)} | ${time(row.powertools, row.handler)} | ${time(row.middy, row.handler)} | ${vsPowertools} | ${vsMiddy} |`;
    }),
    '',
    '**FIFO queue, batch of 10** (median per batch; order checked in an untimed run of each)',
    '',
    '| groups | handler | Ferry | Powertools SqsFifoPartialProcessorAsync | middy (not FIFO-aware) | Ferry speed-up vs Powertools | Ferry / middy | order kept: Ferry / Powertools / middy |',
    '|---:|---|---:|---:|---:|---:|---:|---|',
    ...fifo.map((row) => {
      const kept = row.orderKept;
      const order = kept ? `${yesNo(kept.ferry)} / ${yesNo(kept.powertools)} / ${yesNo(kept.middy)}` : '';
      return `| ${row.groups} | ${HANDLER_LABEL[row.handler]} | ${time(row.ferry, row.handler)} | ${time(row.powertools, row.handler)} | ${time(row.middy, row.handler)} | ${(row.powertools / row.ferry).toFixed(1)}x | ${ratio(row.ferry / row.middy)} | ${order} |`;
    }),
    '',
    '**Per-record overhead** (no-op handler, standard queue: median batch time / records)',
    '',
    '| batch | Ferry | Powertools | middy | Ferry / Powertools |',
    '|---:|---:|---:|---:|---:|',
    ...standard
      .filter((row) => row.handler === 'noop')
      .map((row) => {
        const perRecord = (millis: number): string => `${((millis * 1000) / row.batchSize).toFixed(3)} µs`;
        return `| ${row.batchSize} | ${perRecord(row.ferry)} | ${perRecord(row.powertools)} | ${perRecord(row.middy)} | ${ratio(row.ferry / row.powertools)} |`;
      }),
  ];
  return lines.join('\n');
}

/** "none", or the service clients by name plus how many other SDK packages came with them. */
function sdkSummary(packages: readonly string[]): string {
  if (packages.length === 0) return 'none';
  const clients = packages.filter((name) => name.startsWith('@aws-sdk/client-'));
  const others = packages.length - clients.length;
  const names = clients.map((name) => name.slice('@aws-sdk/'.length)).join(', ');
  return others > 0 ? `${names} (+${others} other @aws-sdk packages)` : names;
}

/** Markdown table of the cold-start results. */
export function coldStartTable(results: readonly ColdStartResult[], processes: number): string {
  return [
    `**Cold start** (esbuild, minified, CJS, node24, \`@aws-sdk/*\` external; medians over ${processes} fresh processes)`,
    '',
    '| bundle | zod | bytes | module init | first batch of 10 | AWS SDK loaded at init | largest parts |',
    '|---|---|---:|---:|---:|---|---|',
    ...results.map((result) => {
      const parts = result.largest
        .map((part) => `${part.source} ${(part.bytes / 1024).toFixed(0)} KB`)
        .join(', ');
      const sdk = sdkSummary(result.sdkAtInit);
      return `| ${result.name} | ${result.zod} | ${result.bytes.toLocaleString('en-US')} | ${result.initMillis.toFixed(1)} ms | ${Number.isNaN(result.firstBatchMillis) ? 'n/a' : `${result.firstBatchMillis.toFixed(1)} ms`} | ${sdk} | ${parts} |`;
    }),
  ].join('\n');
}

/**
 * How much slower than Powertools Ferry's init may be and still count as "no slower": 5% of
 * Powertools' median, a margin a cold start cannot feel (a fraction of a millisecond) and that
 * 60 paired processes on a quiet machine resolve.
 */
const INIT_EQUIVALENCE_MARGIN = 0.05;

/**
 * Ferry's module init minus Powertools', process by process within each round: the median
 * difference and its 95% interval. Pairing cancels the drift that hits both alike (another
 * process on the machine, CPU frequency), which separate medians would keep.
 */
export function pairedInitDifference(ferry: ColdStartResult, powertools: ColdStartResult): MedianInterval {
  const count = Math.min(ferry.initSamples.length, powertools.initSamples.length);
  const differences = Array.from(
    { length: count },
    (_, round) => (ferry.initSamples[round] as number) - (powertools.initSamples[round] as number),
  );
  return medianInterval(differences);
}

/**
 * The cold-start goal of issue 3, judged on the zod/mini pair: bytes as they are, init time by
 * the paired difference, met when its 95% interval stays below the margin.
 */
export function coldStartVerdicts(results: readonly ColdStartResult[]): GoalVerdict[] {
  const find = (name: string): ColdStartResult | undefined =>
    results.find((result) => result.name === name && result.zod === 'mini');
  const ferry = find('ferry');
  const powertools = find('powertools');
  if (!ferry || !powertools) {
    return [{ goal: 'Cold start: Ferry no heavier and no slower', met: false, evidence: 'not measured' }];
  }
  const difference = pairedInitDifference(ferry, powertools);
  const margin = INIT_EQUIVALENCE_MARGIN * powertools.initMillis;
  const signed = (millis: number): string => `${millis >= 0 ? '+' : ''}${millis.toFixed(2)} ms`;
  return [
    {
      goal: 'Cold start: Ferry no heavier than Powertools (zod/mini, bundle bytes)',
      met: ferry.bytes <= powertools.bytes,
      evidence: `${ferry.bytes.toLocaleString('en-US')} vs ${powertools.bytes.toLocaleString('en-US')} bytes (${ferry.bytes >= powertools.bytes ? '+' : ''}${(ferry.bytes - powertools.bytes).toLocaleString('en-US')} B)`,
    },
    {
      goal: `Cold start: Ferry no slower than Powertools (zod/mini, module init; paired difference, 95% interval below ${(INIT_EQUIVALENCE_MARGIN * 100).toFixed(0)}% of Powertools' median = ${margin.toFixed(2)} ms)`,
      met: difference.high <= margin,
      evidence: `medians ${ferry.initMillis.toFixed(1)} vs ${powertools.initMillis.toFixed(1)} ms; Ferry minus Powertools ${signed(difference.median)} (95% interval ${signed(difference.low)} to ${signed(difference.high)}) over ${Math.min(ferry.initSamples.length, powertools.initSamples.length)} rounds`,
    },
  ];
}

/** Judges the run against the goals of issue 3. */
export function verdicts(
  rows: readonly ThroughputRow[],
  coldStarts: readonly ColdStartResult[],
): GoalVerdict[] {
  const standard = rows.filter((row) => row.queue === 'standard');
  const worstStandard = Math.max(
    ...standard.map((row) => ferryWhereBoundIsNotTheLimit(row) / row.powertools),
  );
  const tenGroups = rows.find((row) => row.queue === 'fifo' && row.groups === 10 && row.handler === 'io5ms');
  const speedup = tenGroups ? tenGroups.powertools / tenGroups.ferry : 0;
  const noop = standard.filter((row) => row.handler === 'noop');
  const worstOverhead = Math.max(...noop.map((row) => row.ferry / row.powertools));
  const fifoOrder = rows.every((row) => !row.orderKept || row.orderKept.ferry);
  return [
    {
      goal: `Standard batches at least as fast as Powertools where the bound is not the limit (Ferry/Powertools <= ${STANDARD_RATIO_LIMIT})`,
      met: worstStandard <= STANDARD_RATIO_LIMIT,
      evidence: `worst ratio ${ratio(worstStandard)} (1,000 case judged with maxConcurrency 1000)`,
    },
    {
      goal: `FIFO, 10 groups: at least ${FIFO_SPEEDUP_GOAL}x faster than Powertools' FIFO processor, order kept`,
      met: speedup >= FIFO_SPEEDUP_GOAL && fifoOrder,
      evidence: `${speedup.toFixed(1)}x with the 5 ms handler (ceiling 10x); Ferry kept order in every FIFO case: ${fifoOrder}`,
    },
    {
      goal: 'Per-record overhead (no-op handler) no worse than Powertools',
      met: worstOverhead <= 1,
      evidence: `worst Ferry/Powertools ratio ${ratio(worstOverhead)} over batches of 10, 100, 1,000`,
    },
    ...coldStartVerdicts(coldStarts),
  ];
}

/** The verdicts as a Markdown list. */
export function verdictList(list: readonly GoalVerdict[]): string {
  return list
    .map((verdict) => `- ${verdict.met ? 'MET' : 'NOT MET'}: ${verdict.goal}: ${verdict.evidence}.`)
    .join('\n');
}
