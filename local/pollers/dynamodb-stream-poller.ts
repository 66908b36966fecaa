import { setTimeout as delay } from 'node:timers/promises';
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { runBatch, type StreamPollerStats } from './stream-batch-runner.ts';
import { matchesAnyFilter, parseFilters } from './stream-filter.ts';
import {
  type DynamoDbStreamPollerOptions,
  MAX_PAYLOAD_BYTES,
  type ResolvedStreamPollerOptions,
  resolveStreamPollerOptions,
} from './stream-poller-options.ts';
import { type PolledRecord, polledRecord } from './stream-records.ts';
import { describeStreamShards, newShardState, type ShardState } from './stream-shards.ts';

/** Most records one GetRecords call returns. */
const MAX_GET_RECORDS = 1_000;

/**
 * A local stand-in for Lambda's DynamoDB Streams event source mapping: reads every shard of a
 * stream (children after their parents), batches records by size and window, filters them,
 * invokes the function and applies the mapping's failure handling (retries, record age, bisect,
 * `ReportBatchItemFailures` checkpoints at the lowest sequence number, on-failure metadata
 * records). Per shard, one batch at a time, or up to `parallelizationFactor` batches at once,
 * each of up to `batchSize` records and split by partition key, so records of one item stay in
 * order.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export class DynamoDbStreamPoller {
  readonly stats: StreamPollerStats = {
    polledEventCount: 0,
    filteredOutEventCount: 0,
    invocations: 0,
    invokedEventCount: 0,
    failedInvokeEventCount: 0,
    onFailureDestinationDeliveredEventCount: 0,
    droppedEventCount: 0,
  };
  private readonly options: ResolvedStreamPollerOptions;
  private readonly client: DynamoDBStreamsClient;
  private readonly patterns: Record<string, unknown>[];
  private readonly shards = new Map<string, ShardState>();
  private readonly workers: Promise<void>[] = [];
  private stopping = false;
  private discovery: Promise<void> | undefined;
  private hashKey = '';
  private readonly abort = new AbortController();

  constructor(options: DynamoDbStreamPollerOptions) {
    this.options = resolveStreamPollerOptions(options);
    this.patterns = parseFilters(this.options.filters);
    this.client = options.client ?? new DynamoDBStreamsClient({});
  }

  /** Finds the shards, positions them (LATEST is fixed now) and starts polling. */
  async start(): Promise<void> {
    if (this.discovery) throw new Error('This poller has already been started; create a new one.');
    await this.discoverShards(true);
    this.discovery = this.discoverLoop();
  }

  /** Stops polling; resolves when no batch is in flight. A batch cut short is not checkpointed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.discovery;
    await Promise.all(this.workers);
  }

  /**
   * Resolves once every shard has been read to its current end and every batch has finished,
   * twice in a row (so records written just before the call are included).
   */
  async waitForIdle(timeoutMillis = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    let quietChecks = 0;
    while (quietChecks < 2) {
      if (Date.now() > deadline)
        throw new Error(`The stream poller was not idle within ${timeoutMillis} ms.`);
      await delay(this.options.pollIntervalMillis * 2);
      const idle = [...this.shards.values()].every((shard) => shard.finished || shard.caughtUp);
      quietChecks = idle ? quietChecks + 1 : 0;
    }
  }

  /** Waits `millis`, or less when the poller stops meanwhile. */
  private async pause(millis: number): Promise<void> {
    await delay(millis, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }

  private async discoverLoop(): Promise<void> {
    const intervalMillis = Math.max(1_000, this.options.pollIntervalMillis * 4);
    while (!this.stopping) {
      await this.pause(intervalMillis);
      if (this.stopping) return;
      try {
        await this.discoverShards(false);
      } catch (error) {
        this.options.onError(error);
      }
    }
  }

  private async discoverShards(initial: boolean): Promise<void> {
    const { shards, hashKey } = await describeStreamShards(this.client, this.options.streamArn);
    this.hashKey = hashKey || this.hashKey;
    // LATEST applies to the shards there at start; shards found later are read from their beginning.
    const latest = initial && this.options.startingPosition === 'LATEST';
    const added: ShardState[] = [];
    // Register every new shard before starting any, so a child listed before its parent waits for it.
    for (const shard of shards) {
      if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
      const state = newShardState({ ...shard, ShardId: shard.ShardId }, latest);
      this.shards.set(state.shardId, state);
      if (!state.finished) added.push(state);
    }
    for (const state of added) {
      if (latest) state.iterator = await this.iteratorFor(state);
      this.workers.push(this.pollShard(state));
    }
  }

  private async iteratorFor(state: ShardState): Promise<string | undefined> {
    const afterLast = state.lastSequenceNumber !== undefined;
    const output = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: state.shardId,
        ShardIteratorType: afterLast ? 'AFTER_SEQUENCE_NUMBER' : state.iteratorType,
        ...(afterLast ? { SequenceNumber: state.lastSequenceNumber } : {}),
      }),
    );
    return output.ShardIterator;
  }

  /**
   * Reads the shard's next page into its buffer; a read already in flight (one started ahead while
   * a batch ran) is joined, not doubled: at most one GetRecords per shard at a time.
   */
  private read(state: ShardState): Promise<number> {
    state.reading ??= this.fetch(state).finally(() => {
      state.reading = undefined;
    });
    return state.reading;
  }

  /**
   * Starts reading the next page while a batch runs when what stays buffered after the batch is
   * less than a page (or a batch, when batches are larger), so the read overlaps the invocations
   * that use up the buffer instead of waiting for them. Only when records are read changes:
   * batches, order and checkpoints are the same as reading after the batch.
   */
  private readAhead(state: ShardState, taking: number): void {
    const keep = Math.max(this.options.batchSize * this.options.parallelizationFactor, MAX_GET_RECORDS);
    if (state.exhausted || state.reading || state.buffer.length - taking >= keep) return;
    this.read(state).catch((error: unknown) => this.options.onError(error));
  }

  private async fetch(state: ShardState): Promise<number> {
    state.iterator ??= await this.iteratorFor(state);
    if (state.iterator === undefined) {
      state.exhausted = true;
      return 0;
    }
    try {
      const output = await this.client.send(
        new GetRecordsCommand({ ShardIterator: state.iterator, Limit: MAX_GET_RECORDS }),
      );
      const fetchedMillis = this.options.now();
      const records = (output.Records ?? []).map((record) =>
        polledRecord(record, this.options.streamArn, this.hashKey, fetchedMillis),
      );
      for (const record of records) {
        // DynamoDB Local rounds ApproximateCreationDateTime down to the minute: never call a record
        // older than a minute's rounding can explain, unless the clock says so.
        const rounded = record.createdMillis % 60_000 === 0;
        const createdMillis = rounded
          ? Math.min(fetchedMillis, record.createdMillis + 59_999)
          : record.createdMillis;
        if (state.buffer.length === 0) state.bufferedSinceMillis = fetchedMillis;
        state.buffer.push({ ...record, createdMillis });
      }
      this.stats.polledEventCount += records.length;
      const last = records[records.length - 1];
      if (last) state.lastSequenceNumber = last.sequenceNumber;
      state.iterator = output.NextShardIterator;
      if (state.iterator === undefined) state.exhausted = true;
      return records.length;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
        if (name === 'TrimmedDataAccessException') state.lastSequenceNumber = undefined;
        state.iteratorType = 'TRIM_HORIZON';
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
  }

  /**
   * The next batches from the front of the buffer: one of up to `batchSize` records (and 6 MB),
   * or with a `parallelizationFactor` of N up to N such batches, each record going to the batch
   * of its partition key's hash, so one key's records stay in one batch in order. Taking stops at
   * the first record whose batch is full, so what is taken is a prefix of the buffer.
   */
  private takeBatches(state: ShardState): { readonly taken: number; readonly batches: PolledRecord[][] } {
    const factor = this.options.parallelizationFactor;
    const batches = Array.from({ length: factor }, () => [] as PolledRecord[]);
    const bytes = new Array<number>(factor).fill(0);
    let taken = 0;
    for (const record of state.buffer) {
      const part = factor === 1 ? 0 : hash(record.partitionKey) % factor;
      const batch = batches[part] as PolledRecord[];
      const size = bytes[part] as number;
      if (batch.length >= this.options.batchSize) break;
      if (batch.length > 0 && size + record.sizeBytes > MAX_PAYLOAD_BYTES) break;
      batch.push(record);
      bytes[part] = size + record.sizeBytes;
      taken += 1;
    }
    return { taken, batches: batches.filter((batch) => batch.length > 0) };
  }

  /** Runs the batches at once; false when the poller stopped before one of them ended. */
  private async runBatches(batches: readonly PolledRecord[][], shardId: string): Promise<boolean> {
    const context = { options: this.options, shardId, stats: this.stats, isStopping: () => this.stopping };
    const results = await Promise.all(batches.map((batch) => runBatch(batch, context)));
    return results.every(Boolean);
  }

  private async pollShard(state: ShardState): Promise<void> {
    const parent = state.parentShardId ? this.shards.get(state.parentShardId) : undefined;
    if (parent) await parent.done;
    const windowMillis = this.options.maximumBatchingWindowInSeconds * 1000;
    while (!this.stopping) {
      let fetched = 0;
      try {
        if (
          state.buffer.length < this.options.batchSize * this.options.parallelizationFactor &&
          !state.exhausted
        )
          fetched = await this.read(state);
      } catch (error) {
        this.options.onError(error);
        await this.pause(this.options.pollIntervalMillis);
        continue;
      }
      if (state.buffer.length === 0) {
        if (state.exhausted) break;
        state.caughtUp = fetched === 0;
        await this.pause(this.options.pollIntervalMillis);
        continue;
      }
      state.caughtUp = false;
      const waiting = this.options.now() - state.bufferedSinceMillis < windowMillis;
      if (state.buffer.length < this.options.batchSize && !state.exhausted && waiting) {
        if (fetched === 0) await this.pause(this.options.pollIntervalMillis);
        continue;
      }
      const { taken, batches } = this.takeBatches(state);
      const matched = batches
        .map((batch) => batch.filter((record) => matchesAnyFilter(record.record, this.patterns)))
        .filter((batch) => batch.length > 0);
      const invoked = matched.reduce((sum, batch) => sum + batch.length, 0);
      this.stats.filteredOutEventCount += taken - invoked;
      if (invoked > 0) this.readAhead(state, taken);
      if (invoked > 0 && !(await this.runBatches(matched, state.shardId))) {
        await state.reading?.catch(() => undefined);
        return;
      }
      state.buffer.splice(0, taken);
      if (state.buffer.length > 0) state.bufferedSinceMillis = this.options.now();
    }
    await state.reading?.catch(() => undefined);
    if (state.exhausted && state.buffer.length === 0) {
      state.finished = true;
      state.markDone();
    }
  }
}

function hash(text: string): number {
  let value = 0;
  for (let index = 0; index < text.length; index += 1) value = (value * 31 + text.charCodeAt(index)) >>> 0;
  return value;
}
