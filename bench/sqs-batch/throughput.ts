import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  type BatchImplementation,
  ferry,
  middyPartialBatch,
  powertools,
  powertoolsFifo,
  type RecordHandler,
} from './implementations.ts';
import { medianBatchMillis, type Rounds } from './measure.ts';
import { orderCheckingHandler } from './order-check.ts';
import { fifoEvent, standardEvent } from './sqs-events.ts';

/** The two record handlers of the issue: simulated I/O, and (almost) nothing. */
export type HandlerKind = 'io5ms' | 'noop';

/** Medians of one case, milliseconds per batch; `ferryUnbounded` only for the 1,000 case. */
export interface ThroughputRow {
  readonly queue: 'standard' | 'fifo';
  readonly batchSize: number;
  readonly groups: number | undefined;
  readonly handler: HandlerKind;
  readonly ferry: number;
  readonly ferryUnbounded: number | undefined;
  readonly powertools: number;
  readonly middy: number;
  /** FIFO only: whether each implementation kept order within every group (checked untimed). */
  readonly orderKept:
    | { readonly ferry: boolean; readonly powertools: boolean; readonly middy: boolean }
    | undefined;
}

let sink = 0;

const HANDLERS: Record<HandlerKind, RecordHandler> = {
  io5ms: async () => {
    await sleep(5);
  },
  // Touches the record so the call cannot be optimised away; otherwise free.
  noop: async (record: SQSRecord) => {
    sink = (sink + record.body.length) % 1_000_003;
  },
};

/** Iterations scale with `scale` (BENCH_SCALE): below 1 for a quick look, above 1 for tighter medians. */
function roundsFor(handler: HandlerKind, batchSize: number, scale: number): Rounds {
  if (handler === 'io5ms') return { warmup: 10, iterations: Math.max(5, Math.round(100 * scale)) };
  const iterations = batchSize <= 10 ? 4000 : batchSize <= 100 ? 1500 : 300;
  return { warmup: Math.round(iterations / 4), iterations: Math.max(20, Math.round(iterations * scale)) };
}

async function keepsOrder(
  implementation: BatchImplementation,
  event: SQSEvent,
  handler: RecordHandler,
): Promise<boolean> {
  const check = orderCheckingHandler(event, handler);
  await implementation.run(event, check.handler);
  return check.violations().length === 0;
}

async function standardCase(batchSize: number, handler: HandlerKind, scale: number): Promise<ThroughputRow> {
  const event = standardEvent(batchSize);
  const unbounded = batchSize > 100 ? [ferry('ferry-unbounded', batchSize)] : [];
  const implementations = [ferry('ferry'), ...unbounded, powertools(), middyPartialBatch()];
  const medians = await medianBatchMillis(
    implementations,
    event,
    HANDLERS[handler],
    roundsFor(handler, batchSize, scale),
  );
  return {
    queue: 'standard',
    batchSize,
    groups: undefined,
    handler,
    ferry: medians.get('ferry') ?? Number.NaN,
    ferryUnbounded: medians.get('ferry-unbounded'),
    powertools: medians.get('Powertools BatchProcessor') ?? Number.NaN,
    middy: medians.get('middy sqs-partial-batch-failure') ?? Number.NaN,
    orderKept: undefined,
  };
}

async function fifoCase(groups: number, handler: HandlerKind, scale: number): Promise<ThroughputRow> {
  const event = fifoEvent(10, groups);
  const [ferryFifo, powertoolsFifoProcessor, middy] = [ferry('ferry'), powertoolsFifo(), middyPartialBatch()];
  const orderKept = {
    ferry: await keepsOrder(ferryFifo, event, HANDLERS[handler]),
    powertools: await keepsOrder(powertoolsFifoProcessor, event, HANDLERS[handler]),
    middy: await keepsOrder(middy, event, HANDLERS[handler]),
  };
  // The goal is about an order-keeping consumer: a Ferry or Powertools breach voids the case.
  if (!orderKept.ferry || !orderKept.powertools) {
    throw new Error(
      `FIFO order broken with ${groups} groups (ferry kept: ${orderKept.ferry}, powertools kept: ${orderKept.powertools}); fix the processor before benchmarking it.`,
    );
  }
  const medians = await medianBatchMillis(
    [ferryFifo, powertoolsFifoProcessor, middy],
    event,
    HANDLERS[handler],
    roundsFor(handler, 10, scale),
  );
  return {
    queue: 'fifo',
    batchSize: 10,
    groups,
    handler,
    ferry: medians.get('ferry') ?? Number.NaN,
    ferryUnbounded: undefined,
    powertools: medians.get('Powertools SqsFifoPartialProcessorAsync') ?? Number.NaN,
    middy: medians.get('middy sqs-partial-batch-failure') ?? Number.NaN,
    orderKept,
  };
}

/** Runs every throughput case of the issue, in one process, and returns its medians. */
export async function runThroughputCases(
  scale: number,
  progress: (message: string) => void,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const handler of ['io5ms', 'noop'] as const) {
    for (const batchSize of [10, 100, 1000]) {
      progress(`standard batch of ${batchSize}, ${handler}`);
      rows.push(await standardCase(batchSize, handler, scale));
    }
    for (const groups of [1, 2, 5, 10]) {
      progress(`FIFO batch of 10 in ${groups} groups, ${handler}`);
      rows.push(await fifoCase(groups, handler, scale));
    }
  }
  return rows;
}
