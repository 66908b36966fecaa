import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import type { FerryEnvelope } from '../contract.ts';
import { parseEnvelope, parseMessageJson, validateSchema } from '../envelope.ts';
import { UnknownMessageTypeError } from '../errors.ts';
import type { IdempotentRunner } from '../idempotency/idempotent-runner.ts';
import type { LogAttributes } from '../observability/logger.ts';
import { type MessageHandler, type RawMessageHandler, RecordContext } from './message-context.ts';
import { sentMillisOf } from './record-attributes.ts';

/** What a consumer dispatches to: handlers per envelope type, or one raw handler. */
export type ConsumerRoutes =
  | {
      readonly handlers: Readonly<Record<string, MessageHandler>>;
      readonly raw?: never;
      readonly logger: Logger;
    }
  | { readonly handlers?: never; readonly raw: RawMessageHandler; readonly logger: Logger };

/**
 * One invocation of a consumer: turns each record into validated data, runs its handler (through
 * the idempotency runner when there is one), and tallies what the batch-level metrics and log
 * lines need. Created per invocation so concurrent records never share mutable logger state.
 */
export class ConsumerInvocation {
  /** End-to-end ages of the completed records, in milliseconds. */
  readonly agesMillis: number[] = [];
  duplicatesSkipped = 0;
  readonly #eventIds = new Map<string, string>();
  readonly #routes: ConsumerRoutes;
  readonly #lambdaContext: Context;
  readonly #runner: IdempotentRunner | undefined;

  constructor(routes: ConsumerRoutes, lambdaContext: Context, runner: IdempotentRunner | undefined) {
    this.#routes = routes;
    this.#lambdaContext = lambdaContext;
    this.#runner = runner;
  }

  /** The record handler given to `processSqsBatch`. */
  readonly handleRecord = (record: SQSRecord): Promise<void> => {
    const routes = this.#routes;
    return routes.handlers
      ? this.#handleEnvelope(record, routes.handlers)
      : this.#handleRaw(record, routes.raw);
  };

  /** Adds the event id to log lines about a record. */
  readonly logAttributes = (record: SQSRecord): LogAttributes => {
    const eventId = this.#eventIds.get(record.messageId);
    return eventId === undefined ? {} : { eventId };
  };

  async #handleEnvelope(
    record: SQSRecord,
    handlers: Readonly<Record<string, MessageHandler>>,
  ): Promise<void> {
    const envelope = parseEnvelope(record.body);
    this.#eventIds.set(record.messageId, envelope.id);
    const handler = Object.hasOwn(handlers, envelope.type) ? handlers[envelope.type] : undefined;
    if (!handler) {
      throw new UnknownMessageTypeError(
        `No handler for message type '${envelope.type}' (handled: ${Object.keys(handlers).join(', ')}). Register a handler for it, or stop routing it to this queue.`,
      );
    }
    const data = validateSchema(handler.schema, envelope.data, `${envelope.type} data`);
    const typed: FerryEnvelope = { ...envelope, data };
    await this.#run(record, typed, envelope.id, (context) => handler.handle(data, context));
    this.agesMillis.push(Date.now() - Date.parse(envelope.occurredAt));
  }

  async #handleRaw(record: SQSRecord, raw: RawMessageHandler): Promise<void> {
    const value = raw.json === false ? record.body : parseMessageJson(record.body);
    const data = validateSchema(raw.schema, value, 'Message body');
    const key = raw.idempotencyKey?.(data, record);
    await this.#run(record, undefined, key, (context) => raw.handle(data, context));
    const sent = sentMillisOf(record);
    if (sent !== undefined) this.agesMillis.push(Date.now() - sent);
  }

  async #run(
    record: SQSRecord,
    envelope: FerryEnvelope | undefined,
    idempotencyKey: string | undefined,
    handle: (context: RecordContext<unknown>) => Promise<void>,
  ): Promise<void> {
    const runner = idempotencyKey === undefined ? undefined : this.#runner;
    const context = new RecordContext(
      record,
      envelope,
      this.#lambdaContext,
      this.#routes.logger,
      runner && idempotencyKey !== undefined ? { runner, key: idempotencyKey } : undefined,
    );
    if (!runner || idempotencyKey === undefined) {
      await handle(context);
      return;
    }
    const outcome = await runner.run(idempotencyKey, () => handle(context));
    if (outcome === 'duplicate') {
      this.duplicatesSkipped += 1;
      this.#routes.logger.debug('Skipped a duplicate: this event already completed.', {
        messageId: record.messageId,
        eventId: envelope?.id,
        idempotencyKey,
      });
    }
  }
}
