import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { resolveLocalhostSubdomains, startEmulators } from '../../local/emulators/index.ts';
import { DynamoDbStreamPoller } from '../../local/pollers/dynamodb-stream-poller.ts';
import type { ConsumerLogger } from '../../runtime/observability/logger.ts';
import { relayStreamBatch } from '../../runtime/outbox/outbox-relay.ts';
import { OutboxWriter } from '../../runtime/outbox/outbox-writer.ts';
import { createOutboxTable } from '../../test/support/outbox-table.ts';
import { countingSqs } from './counting-sqs.ts';
import { naiveRelay } from './naive-relay.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 100);
/** Events per writer transaction (one aggregate each); all aggregates write at once, round after round. */
const EVENTS_PER_WRITE = Number(process.env.BENCH_EVENTS_PER_WRITE ?? 1);
/** Added to every SQS call to model a real endpoint's round trip; 0 measures the emulator as is. */
const SQS_LATENCY_MILLIS = Number(process.env.BENCH_SQS_LATENCY_MILLIS ?? 0);
/** The mapping's batch size and parallelization factor, the same for both relays (construct defaults). */
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 100);
const PARALLELIZATION_FACTOR = Number(process.env.BENCH_PARALLELIZATION_FACTOR ?? 1);
/** Rounds of naive + Ferry over the same stream; the summary gives the median ratio per target. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const silent: ConsumerLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface RunResult {
  readonly relay: string;
  readonly target: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly apiCallsPerEvent: number;
  readonly invocations: number;
  /** Time spent inside the function (Lambda's billed duration), summed over invocations. */
  readonly functionSeconds: number;
  /** GetRecords calls the poller made and the time they took (the stream read, DynamoDB Local). */
  readonly getRecordsCalls: number;
  readonly getRecordsSeconds: number;
  readonly queued: number;
}

async function writeEvents(tableName: string): Promise<void> {
  const writer = new OutboxWriter({ tableName, source: 'bench.orders' });
  const rounds = Math.ceil(EVENTS / (AGGREGATES * EVENTS_PER_WRITE));
  for (let round = 0; round < rounds; round += 1) {
    await Promise.all(
      Array.from({ length: AGGREGATES }, (_, aggregate) =>
        writer.write(
          [],
          Array.from({ length: EVENTS_PER_WRITE }, (_, index) => ({
            aggregateType: 'order',
            aggregateId: `order-${aggregate}`,
            type: 'OrderTouched',
            data: { round, index, note: 'a small but realistic payload of an order event' },
          })),
        ),
      ),
    );
  }
}

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const output = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(output.Attributes?.ApproximateNumberOfMessages ?? 0);
}

async function run(
  relay: 'ferry' | 'naive' | 'none',
  streamArn: string,
  fifo: boolean,
  sqs: SQSClient,
): Promise<RunResult> {
  const name = `bench-${relay}-${Date.now()}${fifo ? '.fifo' : ''}`;
  const created = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true' } : {} }),
  );
  const queueUrl = created.QueueUrl ?? '';
  const { client, counts } = countingSqs(SQS_LATENCY_MILLIS);
  const routes = {
    OrderTouched: [{ kind: 'sqs' as const, destination: queueUrl, ...(fifo ? { fifo: true } : {}) }],
  };
  const naive = naiveRelay(client, queueUrl, fifo);
  let invocations = 0;
  let functionMillis = 0;
  const invoke = async (event: DynamoDBStreamEvent) => {
    invocations += 1;
    const began = performance.now();
    try {
      if (relay === 'naive') return await naive(event);
      if (relay === 'none') {
        // Publishes nothing: what is left is the stream read, the floor under any relay.
        counts.delivered += event.Records.length;
        return;
      }
      return await relayStreamBatch(event, {
        routes,
        deadLetterQueueUrl: queueUrl,
        sqs: client,
        logger: silent,
      });
    } finally {
      functionMillis += performance.now() - began;
    }
  };
  // The mapping the TransactionalOutbox construct sets up (batch size and parallelization from BENCH_*).
  const streams = new DynamoDBStreamsClient({});
  let getRecordsMillis = 0;
  let getRecordsCalls = 0;
  const timedStreams = {
    send: async (command: never) => {
      const began = performance.now();
      try {
        return await streams.send(command);
      } finally {
        if ((command as unknown) instanceof GetRecordsCommand) {
          getRecordsCalls += 1;
          getRecordsMillis += performance.now() - began;
        }
      }
    },
  } as unknown as DynamoDBStreamsClient;
  const poller = new DynamoDbStreamPoller({
    client: timedStreams,
    streamArn,
    invoke,
    startingPosition: 'TRIM_HORIZON',
    batchSize: BATCH_SIZE,
    parallelizationFactor: PARALLELIZATION_FACTOR,
    reportBatchItemFailures: true,
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: 10,
    filters: [{ Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"ferryKind":{"S":["event"]}}}}' }],
  });
  const started = performance.now();
  await poller.start();
  while (counts.delivered < EVENTS) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - started) / 1000;
  await poller.stop();
  return {
    relay,
    target: fifo ? 'SQS FIFO' : 'SQS standard',
    events: EVENTS,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(EVENTS / seconds),
    apiCallsPerEvent: Number((counts.calls / EVENTS).toFixed(3)),
    invocations,
    functionSeconds: Number((functionMillis / 1000).toFixed(2)),
    getRecordsCalls,
    getRecordsSeconds: Number((getRecordsMillis / 1000).toFixed(2)),
    queued: await queueDepth(sqs, queueUrl),
  };
}

const emulators = await startEmulators();
Object.assign(process.env, emulators.env);
resolveLocalhostSubdomains();
try {
  const sqs = new SQSClient({});
  const { tableName, streamArn } = await createOutboxTable('bench-outbox');
  const writeStarted = performance.now();
  await writeEvents(tableName);
  console.error(
    `wrote ${EVENTS} events over ${AGGREGATES} aggregates in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`,
  );
  const results: RunResult[] = [];
  const ratios: { target: string; round: number; ferryOverNaive: number }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const fifo of [false, true]) {
      // Taking turns on who goes first, so a burst of other load on the machine hits both alike.
      const order = round % 2 === 0 ? (['naive', 'ferry'] as const) : (['ferry', 'naive'] as const);
      const pair: RunResult[] = [];
      for (const relay of order) {
        const result = await run(relay, streamArn, fifo, sqs);
        console.error(JSON.stringify({ round, ...result }));
        pair.push(result);
      }
      if (!fifo) {
        const floor = await run('none', streamArn, fifo, sqs);
        console.error(JSON.stringify({ round, ...floor }));
        results.push(floor);
      }
      const naive = pair.find((result) => result.relay === 'naive') as RunResult;
      const ferry = pair.find((result) => result.relay === 'ferry') as RunResult;
      const ferryOverNaive = Number((ferry.eventsPerSecond / naive.eventsPerSecond).toFixed(2));
      ratios.push({ target: naive.target, round, ferryOverNaive });
      results.push(...pair);
    }
  }
  const medianRatio = (target: string) => {
    const sorted = ratios.filter((ratio) => ratio.target === target).map((ratio) => ratio.ferryOverNaive);
    sorted.sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const summary = {
    events: EVENTS,
    aggregates: AGGREGATES,
    eventsPerWrite: EVENTS_PER_WRITE,
    batchSize: BATCH_SIZE,
    parallelizationFactor: PARALLELIZATION_FACTOR,
    sqsLatencyMillis: SQS_LATENCY_MILLIS,
    rounds: ROUNDS,
    node: process.version,
    medianFerryOverNaive: { standard: medianRatio('SQS standard'), fifo: medianRatio('SQS FIFO') },
    ratios,
    results,
  };
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await emulators.stop();
}
