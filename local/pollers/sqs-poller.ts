import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { repeatSuppressingReporter } from './error-reporter.ts';
import { filterView, interpretSqsResponse, toSqsRecord } from './sqs-records.ts';
import { matchesAnyFilter, parseFilters, type StreamFilter } from './stream-filter.ts';

/** Settings of the SQS event source mapping emulator, with the ESM's names and limits. */
export interface SqsPollerOptions {
  readonly queueUrl: string;
  readonly queueArn: string;
  /** The function: resolves with its response, rejects when it fails, times out or is throttled. */
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  /** Messages per invocation: 1 to 10,000 (FIFO: at most 10). @default 10 */
  readonly batchSize?: number;
  /** Wait up to this long to fill a batch, 0 to 300 (FIFO: 0). Over 10 messages needs >= 1. @default 0 */
  readonly maximumBatchingWindowInSeconds?: number;
  /** `ScalingConfig.MaximumConcurrency`: batches in flight at once, 2 to 1,000. @default 5 (Lambda's initial pollers) */
  readonly maximumConcurrency?: number;
  /** `FunctionResponseTypes: [ReportBatchItemFailures]`. @default false: a normal return deletes the whole batch */
  readonly reportBatchItemFailures?: boolean;
  /** `FilterCriteria.Filters` on the record (body parsed when JSON); a message matching none is deleted. */
  readonly filters?: readonly StreamFilter[];
  /** Long-poll wait of each receive, in seconds. @default 1 (short, so stop() is quick) */
  readonly waitTimeSeconds?: number;
  /** @default process.env.AWS_REGION, else us-east-1 */
  readonly region?: string;
  /** @default a client from the environment (AWS_ENDPOINT_URL_SQS) */
  readonly client?: SQSClient;
  /** Told about errors the poller survives (a failed receive or delete). @default console.error, each distinct error at most every 30 s */
  readonly onError?: (error: unknown) => void;
}

/** Counters named after the ESM metrics (`MetricsConfig: EventCount`). */
export interface SqsPollerStats {
  polledEventCount: number;
  filteredOutEventCount: number;
  invocations: number;
  invokedEventCount: number;
  failedInvokeEventCount: number;
  deletedEventCount: number;
}

/**
 * What Lambda's SQS event source mapping does, on one machine: long-polls the queue, gathers up to
 * `batchSize` messages (within the batching window), drops (deletes) those no filter matches,
 * invokes the function with a real-shaped SQS event, and deletes what succeeded: every message on
 * a normal return without `ReportBatchItemFailures`; all but the listed ones with it; nothing when
 * the invocation fails or the response is invalid (the messages come back after their visibility
 * timeout). Up to `maximumConcurrency` batches are in flight. A FIFO queue never hands out a
 * group's next message while one is in flight, so group order holds across concurrent batches.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export class SqsPoller {
  readonly stats: SqsPollerStats = {
    polledEventCount: 0,
    filteredOutEventCount: 0,
    invocations: 0,
    invokedEventCount: 0,
    failedInvokeEventCount: 0,
    deletedEventCount: 0,
  };
  readonly #options: Required<Omit<SqsPollerOptions, 'client' | 'filters'>>;
  readonly #patterns: Record<string, unknown>[] | undefined;
  readonly #client: SQSClient;
  readonly #loops: Promise<void>[] = [];
  #abort = new AbortController();

  constructor(options: SqsPollerOptions) {
    const fifo = options.queueUrl.endsWith('.fifo');
    this.#options = {
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      maximumConcurrency: 5,
      reportBatchItemFailures: false,
      waitTimeSeconds: 1,
      region: process.env.AWS_REGION ?? 'us-east-1',
      onError: repeatSuppressingReporter('sqs-poller'),
      ...options,
    };
    const { batchSize, maximumBatchingWindowInSeconds: window } = this.#options;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > (fifo ? 10 : 10_000)) {
      throw new RangeError(
        `batchSize must be an integer from 1 to ${fifo ? 10 : 10_000} for ${options.queueUrl}, got ${batchSize}`,
      );
    }
    if (fifo && window > 0)
      throw new RangeError(`a FIFO queue takes no batching window, got ${window} s for ${options.queueUrl}`);
    if (batchSize > 10 && window < 1)
      throw new RangeError(`batchSize over 10 needs maximumBatchingWindowInSeconds >= 1, got ${window}`);
    this.#patterns = options.filters?.length ? parseFilters(options.filters) : undefined;
    this.#client = options.client ?? new SQSClient({});
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.#loops.length > 0;
  }

  /** Starts `maximumConcurrency` polling loops. */
  start(): void {
    if (this.running) return;
    this.#abort = new AbortController();
    for (let slot = 0; slot < this.#options.maximumConcurrency; slot++) this.#loops.push(this.#loop());
  }

  /**
   * Stops polling and waits up to `timeoutMillis` for in-flight invocations and deletes to finish.
   * Invocations still running at the bound are abandoned (reported through `onError`); their
   * messages come back after the visibility timeout, as after a Lambda timeout.
   */
  async stop(timeoutMillis = 30_000): Promise<void> {
    this.#abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMillis);
    });
    const settled = await Promise.race([Promise.all(this.#loops).then(() => true as const), bound]);
    clearTimeout(timer);
    this.#loops.length = 0;
    if (!settled)
      this.#options.onError(
        new Error(
          `invocations from ${this.#options.queueUrl} still ran ${timeoutMillis} ms after stop(); they were abandoned and their messages reappear after the visibility timeout`,
        ),
      );
  }

  async #loop(): Promise<void> {
    const { signal } = this.#abort;
    while (!signal.aborted) {
      try {
        const messages = await this.#gather(signal);
        if (messages.length > 0) await this.#deliver(messages);
      } catch (error) {
        if (signal.aborted) return;
        this.#options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /**
   * Receives until the batch is full or the batching window (counted from the first message) is
   * over; without a window, one receive that returns messages makes the batch.
   */
  async #gather(signal: AbortSignal): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowInSeconds, waitTimeSeconds, queueUrl } = this.#options;
    const messages: Message[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    for (;;) {
      const secondsLeft = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      const received = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          WaitTimeSeconds: Math.min(waitTimeSeconds, secondsLeft),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      if (messages.length === 0) deadline = Date.now() + maximumBatchingWindowInSeconds * 1000;
      messages.push(...(received.Messages ?? []));
      if (messages.length === 0 || messages.length >= batchSize || Date.now() >= deadline || signal.aborted) {
        return messages;
      }
    }
  }

  async #deliver(messages: Message[]): Promise<void> {
    const { queueArn, region, reportBatchItemFailures } = this.#options;
    const records = messages.map((message) => toSqsRecord(message, queueArn, region));
    this.stats.polledEventCount += records.length;
    const patterns = this.#patterns;
    const invoked = patterns
      ? records.filter((record) => matchesAnyFilter(filterView(record), patterns))
      : records;
    const filteredOut = records.filter((record) => !invoked.includes(record));
    this.stats.filteredOutEventCount += filteredOut.length;
    // On SQS, a message that matches no filter is deleted, not left for another consumer.
    await this.#delete(filteredOut);
    if (invoked.length === 0) return;

    this.stats.invocations += 1;
    this.stats.invokedEventCount += invoked.length;
    let response: unknown;
    try {
      response = await this.#options.invoke({ Records: invoked });
    } catch {
      this.stats.failedInvokeEventCount += invoked.length;
      return;
    }
    const outcome = interpretSqsResponse(response, invoked, reportBatchItemFailures);
    if (outcome.kind === 'failure') {
      this.stats.failedInvokeEventCount += invoked.length;
      return;
    }
    const done =
      outcome.kind === 'partial'
        ? invoked.filter((r) => !outcome.failedMessageIds.has(r.messageId))
        : invoked;
    await this.#delete(done);
  }

  /** Deletes in batches of 10, retrying entries SQS reports as failed. */
  async #delete(records: readonly SQSRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += 10) {
      let entries = records
        .slice(start, start + 10)
        .map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle }));
      for (let attempt = 0; entries.length > 0 && attempt < 3; attempt++) {
        const result = await this.#client.send(
          new DeleteMessageBatchCommand({ QueueUrl: this.#options.queueUrl, Entries: entries }),
        );
        this.stats.deletedEventCount += result.Successful?.length ?? 0;
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
      }
      if (entries.length > 0)
        this.#options.onError(
          new Error(
            `could not delete ${entries.length} message(s) from ${this.#options.queueUrl}; they will be delivered again`,
          ),
        );
    }
  }
}
