import {
  ChangeMessageVisibilityBatchCommand,
  type ChangeMessageVisibilityBatchCommandOutput,
  GetQueueUrlCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { ConsumerLogger, LogAttributes } from '../../../runtime/observability/logger.ts';

/** A queue ARN in the test account; `.fifo` names make FIFO events. */
export function queueArn(name: string): string {
  return `arn:aws:sqs:us-east-1:000000000000:${name}`;
}

let sequence = 0;

/** An SQS record as Lambda delivers it, with overridable fields and attributes. */
export function sqsRecord(
  body: string,
  options: {
    messageId?: string;
    queue?: string;
    groupId?: string;
    receiveCount?: number;
    /** `null` leaves the attribute out. */
    firstReceiveMillis?: number | null;
    sentMillis?: number;
    messageAttributes?: SQSRecord['messageAttributes'];
  } = {},
): SQSRecord {
  sequence += 1;
  const now = Date.now();
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: String(options.receiveCount ?? 1),
    SentTimestamp: String(options.sentMillis ?? now - 1_000),
    SenderId: 'AIDATEST',
    ApproximateFirstReceiveTimestamp:
      options.firstReceiveMillis === null ? '' : String(options.firstReceiveMillis ?? now - 500),
  };
  if (options.groupId !== undefined) attributes.MessageGroupId = options.groupId;
  return {
    messageId: options.messageId ?? `m-${sequence}`,
    receiptHandle: `rh-${sequence}`,
    body,
    attributes,
    messageAttributes: options.messageAttributes ?? {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn(options.queue ?? 'orders'),
    awsRegion: 'us-east-1',
  };
}

/** An event holding `records`. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A context whose remaining time is read from `remaining` on each call. */
export function fakeContext(remaining: () => number): { getRemainingTimeInMillis: () => number } {
  return { getRemainingTimeInMillis: remaining };
}

/** One line a {@link RecordingLogger} received. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: LogAttributes;
}

/** A logger that keeps every line. */
export class RecordingLogger implements ConsumerLogger {
  readonly lines: LoggedLine[] = [];
  debug(message: string, ...attributes: LogAttributes[]): void {
    this.#push('debug', message, attributes);
  }
  info(message: string, ...attributes: LogAttributes[]): void {
    this.#push('info', message, attributes);
  }
  warn(message: string, ...attributes: LogAttributes[]): void {
    this.#push('warn', message, attributes);
  }
  error(message: string, ...attributes: LogAttributes[]): void {
    this.#push('error', message, attributes);
  }
  #push(level: LoggedLine['level'], message: string, attributes: LogAttributes[]): void {
    this.lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
  }
}

/** Metric values by name. */
export class RecordingMetrics {
  readonly values = new Map<string, number[]>();
  addMetric(name: string, _unit: string, value: number): void {
    const list = this.values.get(name) ?? [];
    list.push(value);
    this.values.set(name, list);
  }
  /** Sum of the values of `name` (0 when absent). */
  total(name: string): number {
    return (this.values.get(name) ?? []).reduce((sum, value) => sum + value, 0);
  }
}

/** A real SQSClient whose `send` answers from memory and records every call. */
export class FakeSqs {
  readonly client = new SQSClient({ region: 'us-east-1' });
  readonly sent: SendMessageCommandInput[] = [];
  readonly visibility: { receiptHandle: string; timeout: number }[] = [];
  readonly queueUrlLookups: string[] = [];
  failSendMessage: Error | undefined;
  failVisibility: Error | undefined;
  /** Receipt handles whose visibility change SQS reports as failed. */
  readonly rejectVisibilityOf = new Set<string>();
  failQueueUrl: Error | undefined;

  constructor() {
    this.client.send = ((command: unknown) => this.#answer(command)) as unknown as SQSClient['send'];
  }

  async #answer(command: unknown): Promise<unknown> {
    if (command instanceof SendMessageCommand) {
      if (this.failSendMessage) throw this.failSendMessage;
      this.sent.push(command.input);
      return { MessageId: `dlq-${this.sent.length}` };
    }
    if (command instanceof ChangeMessageVisibilityBatchCommand) {
      if (this.failVisibility) throw this.failVisibility;
      const output: Partial<ChangeMessageVisibilityBatchCommandOutput> = { Successful: [], Failed: [] };
      for (const entry of command.input.Entries ?? []) {
        if (this.rejectVisibilityOf.has(entry.ReceiptHandle ?? '')) {
          output.Failed?.push({ Id: entry.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true });
        } else {
          this.visibility.push({
            receiptHandle: entry.ReceiptHandle ?? '',
            timeout: entry.VisibilityTimeout ?? -1,
          });
          output.Successful?.push({ Id: entry.Id });
        }
      }
      return output;
    }
    if (command instanceof GetQueueUrlCommand) {
      if (this.failQueueUrl) throw this.failQueueUrl;
      this.queueUrlLookups.push(command.input.QueueName ?? '');
      return { QueueUrl: `http://sqs.test/000000000000/${command.input.QueueName}` };
    }
    throw new Error(`FakeSqs does not answer ${String(command)}`);
  }

  /** The visibility timeout set for `receiptHandle`, if any. */
  timeoutOf(receiptHandle: string): number | undefined {
    return this.visibility.find((change) => change.receiptHandle === receiptHandle)?.timeout;
  }
}

/** The JSON body of a Ferry envelope of `type` carrying `data`. */
export function envelopeBody(type: string, data: unknown, overrides: Record<string, unknown> = {}): string {
  sequence += 1;
  return JSON.stringify({
    id: `evt-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
    type,
    source: 'test.producer',
    occurredAt: new Date(Date.now() - 2_000).toISOString(),
    data,
    ...overrides,
  });
}
