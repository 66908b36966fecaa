import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { isPermanentError } from '../errors.ts';
import type { LogAttributes } from '../observability/logger.ts';
import type { ResolvedBatchOptions } from './batch-options.ts';
import { sendToDeadLetterQueue } from './dead-letter.ts';
import { messageGroupOf, receiveCountOf } from './record-attributes.ts';
import { runWithConcurrency } from './worker-pool.ts';

/** What became of one record. Zero: not yet decided. */
export const Outcome = {
  /** The handler completed: SQS deletes the message. */
  succeeded: 1,
  /** Permanent error, message parked in the DLQ: handled, SQS deletes it. */
  deadLettered: 2,
  /** Transient error (or a permanent one that could not be parked): reported, retried after backoff. */
  failed: 3,
  /** FIFO: an earlier message of its group failed, so it was not run; reported, retried with the group. */
  blocked: 4,
  /** Not started because the invocation was running out of time; reported, retried. */
  unstarted: 5,
} as const;

/** One of the {@link Outcome} values. */
export type OutcomeCode = (typeof Outcome)[keyof typeof Outcome];

/**
 * Runs one batch's records through the handler and records each one's {@link Outcome}: standard
 * batches through a bounded worker pool; FIFO batches one group per worker, in order within a
 * group, stopping the group at its first failure. Permanent errors are dead-lettered inline so a
 * FIFO group can go on once its poison message is parked. State lives in flat arrays indexed by
 * record position: no per-record closures or objects on the success path.
 */
export class BatchRun {
  readonly records: readonly SQSRecord[];
  readonly outcomes: Uint8Array;
  /** Handler time of each record that ran, when metrics are on. */
  readonly durations: Float64Array | undefined;
  /** The error of each record that failed or was dead-lettered. */
  readonly errors = new Map<number, unknown>();
  readonly #handler: (record: SQSRecord) => Promise<void>;
  readonly #options: ResolvedBatchOptions;

  constructor(event: SQSEvent, handler: (record: SQSRecord) => Promise<void>, options: ResolvedBatchOptions) {
    this.records = event.Records;
    this.outcomes = new Uint8Array(this.records.length);
    this.durations = options.metrics ? new Float64Array(this.records.length) : undefined;
    this.#handler = handler;
    this.#options = options;
  }

  /** Processes every record; resolves when each has an outcome. */
  async run(): Promise<void> {
    const count = this.records.length;
    if (count === 0) return;
    if (!this.#options.fifo) {
      await runWithConcurrency(count, this.#options.maxConcurrency, this.#runRecord);
      return;
    }
    const groups = new Map<string, number[]>();
    for (let index = 0; index < count; index += 1) {
      const group = messageGroupOf(this.records[index] as SQSRecord);
      const members = groups.get(group);
      if (members) members.push(index);
      else groups.set(group, [index]);
    }
    const ordered = [...groups.values()];
    await runWithConcurrency(ordered.length, this.#options.maxConcurrency, (group) =>
      this.#runGroup(ordered[group] as number[]),
    );
  }

  /** Log keys identifying record `index`: message id, receive count and the caller's own. */
  logKeys(index: number): LogAttributes {
    const record = this.records[index] as SQSRecord;
    const keys: LogAttributes = { messageId: record.messageId, receiveCount: receiveCountOf(record) };
    if (this.#options.fifo) keys.messageGroupId = messageGroupOf(record);
    return this.#options.logAttributes ? { ...keys, ...this.#options.logAttributes(record) } : keys;
  }

  async #runGroup(members: readonly number[]): Promise<void> {
    let position = 0;
    while (position < members.length) {
      const index = members[position] as number;
      position += 1;
      if (!(await this.#runRecord(index))) {
        // Later messages of the group must not overtake the one that stopped it.
        const held = this.outcomes[index] === Outcome.unstarted ? Outcome.unstarted : Outcome.blocked;
        for (; position < members.length; position += 1) this.outcomes[members[position] as number] = held;
      }
    }
  }

  /** Runs record `index`; true when a FIFO group may go on after it. */
  readonly #runRecord = async (index: number): Promise<boolean> => {
    const { context, timeMarginMillis } = this.#options;
    if (context && context.getRemainingTimeInMillis() < timeMarginMillis) {
      this.outcomes[index] = Outcome.unstarted;
      return false;
    }
    const durations = this.durations;
    const started = durations ? performance.now() : 0;
    let failure: unknown;
    let failed = false;
    try {
      await this.#handler(this.records[index] as SQSRecord);
    } catch (error) {
      failed = true;
      failure = error;
    }
    // Handler time only: a DLQ send that follows is not the handler's processing time.
    if (durations) durations[index] = performance.now() - started;
    if (!failed) {
      this.outcomes[index] = Outcome.succeeded;
      return true;
    }
    this.errors.set(index, failure);
    return this.#onError(index, failure);
  };

  async #onError(index: number, error: unknown): Promise<boolean> {
    this.outcomes[index] = Outcome.failed;
    if (!isPermanentError(error)) return false;
    const { deadLetterQueueUrl } = this.#options;
    const logger = this.#options.logger();
    if (!deadLetterQueueUrl) {
      logger.error(
        'Message failed permanently but no DLQ is configured, so it is reported failed and will be retried until the queue redrive policy moves it. Set FERRY_DLQ_URL (or deadLetterQueueUrl) to park such messages at once.',
        this.logKeys(index),
        { error },
      );
      return false;
    }
    const record = this.records[index] as SQSRecord;
    try {
      const sent = await sendToDeadLetterQueue(
        await this.#options.sqsClient(),
        deadLetterQueueUrl,
        record,
        error,
      );
      this.outcomes[index] = Outcome.deadLettered;
      logger.error(
        'Message failed permanently and was sent to the DLQ; fix the producer or the handler, then redrive it.',
        this.logKeys(index),
        { error, deadLetterQueueUrl, droppedAttributes: sent.droppedAttributes },
      );
      return true;
    } catch (sendError) {
      logger.error(
        'Message failed permanently and could not be sent to the DLQ, so it is reported failed and retried; check the DLQ URL and the sqs:SendMessage permission.',
        this.logKeys(index),
        { error, deadLetterError: sendError, deadLetterQueueUrl },
      );
      return false;
    }
  }
}
