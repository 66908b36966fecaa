import type { Logger } from '@aws-lambda-powertools/logger';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import type { output } from 'zod/v4/core';
import type { FerryEnvelope } from '../contract.ts';
import type { AnySchema } from '../envelope.ts';
import { ConfigurationError } from '../errors.ts';
import type { IdempotentRunner } from '../idempotency/idempotent-runner.ts';
import { receiveCountOf } from './record-attributes.ts';

/** What a handler gets besides its validated data. */
export interface MessageContext<TData = unknown> {
  /** The message's envelope; undefined for raw (non-envelope) messages. */
  readonly envelope: FerryEnvelope<TData> | undefined;
  readonly record: SQSRecord;
  readonly lambdaContext: Context;
  /** A child of the consumer's Logger whose lines carry message id, event id and receive count. */
  readonly logger: Logger;
  /**
   * The `TransactWriteItems` action that marks this message's idempotency key COMPLETED. Put it
   * in the same transaction as the handler's own DynamoDB writes: effect and marker then commit
   * together, and a redelivered copy can never apply the effect again (its transaction fails
   * instead, and the copy is later skipped as a duplicate). Throws a ConfigurationError when
   * idempotency is off for this message.
   */
  idempotencyMarker(): TransactWriteItem;
}

/** Handler of one envelope `type`: the zod schema (classic or mini) of its `data`, and what to do with it. */
export interface MessageHandler<TSchema extends AnySchema = AnySchema> {
  readonly schema: TSchema;
  /** Throw a PermanentError subclass for a message that can never succeed (it is dead-lettered). */
  handle(data: output<TSchema>, context: MessageContext<output<TSchema>>): Promise<void>;
}

/** Handler of raw (non-envelope) message bodies. */
export interface RawMessageHandler<TSchema extends AnySchema = AnySchema> {
  /** Parse the body as JSON before validating it; false hands over the body string. @default true */
  readonly json?: boolean;
  /** Schema of the (parsed) body. */
  readonly schema: TSchema;
  /**
   * The idempotency key of a message, from its data: a stable business id, not the SQS message
   * id (which changes when a message is redriven from a DLQ).
   * @default - raw messages are not deduplicated
   */
  idempotencyKey?(data: output<TSchema>, record: SQSRecord): string;
  handle(data: output<TSchema>, context: MessageContext): Promise<void>;
}

/** The {@link MessageContext} of one record; the child logger is only built when a handler asks. */
export class RecordContext<TData> implements MessageContext<TData> {
  readonly envelope: FerryEnvelope<TData> | undefined;
  readonly record: SQSRecord;
  readonly lambdaContext: Context;
  readonly #parentLogger: Logger;
  readonly #runner: IdempotentRunner | undefined;
  readonly #idempotencyKey: string | undefined;
  #logger: Logger | undefined;

  constructor(
    record: SQSRecord,
    envelope: FerryEnvelope<TData> | undefined,
    lambdaContext: Context,
    parentLogger: Logger,
    idempotency: { readonly runner: IdempotentRunner; readonly key: string } | undefined,
  ) {
    this.record = record;
    this.envelope = envelope;
    this.lambdaContext = lambdaContext;
    this.#parentLogger = parentLogger;
    this.#runner = idempotency?.runner;
    this.#idempotencyKey = idempotency?.key;
  }

  get logger(): Logger {
    this.#logger ??= this.#parentLogger.createChild({
      persistentKeys: {
        messageId: this.record.messageId,
        eventId: this.envelope?.id,
        receiveCount: receiveCountOf(this.record),
      },
    });
    return this.#logger;
  }

  idempotencyMarker(): TransactWriteItem {
    if (!this.#runner || this.#idempotencyKey === undefined) {
      throw new ConfigurationError(
        'idempotencyMarker() needs idempotency: set FERRY_IDEMPOTENCY_TABLE (or the idempotency option), and for raw messages an idempotencyKey.',
      );
    }
    return this.#runner.completionMarker(this.#idempotencyKey);
  }
}
