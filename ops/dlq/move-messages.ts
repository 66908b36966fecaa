import { createHash } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DestinationResolver } from './destinations.ts';
import { failureInfoOf } from './failure-info.ts';
import { receiveHeld, releaseMessages, SQS_BATCH_SIZE } from './held-receive.ts';
import { redriveEntry } from './redrive-request.ts';

/** How far a redrive has got. */
export interface RedriveProgress {
  readonly moved: number;
  readonly skipped: number;
  readonly failed: number;
}

/** One message a redrive could not move, and why (it stays in the DLQ). */
export interface RedriveFailure {
  readonly messageId: string;
  readonly reason: string;
}

/** What a redrive did. */
export interface RedriveReport extends RedriveProgress {
  readonly method: 'move-task' | 'receive-send-delete';
  /** Came back to the DLQ during the run (the same body as one it moved: it failed again), left there. */
  readonly returned: number;
  readonly failures: readonly RedriveFailure[];
}

/** Options of {@link moveMessages}. */
export interface MoveMessagesOptions {
  readonly sqs: SQSClient;
  readonly sourceUrl: string;
  readonly destination: DestinationResolver;
  /** Move only messages whose Ferry error name (`ferry.error.name`) is this. */
  readonly errorName?: string;
  /** Most messages moved per second. @default no limit */
  readonly ratePerSecond?: number;
  /** Visibility timeout of received messages while they are moved; skipped ones stay hidden this long. @default 60 */
  readonly holdSeconds?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RedriveProgress) => void;
}

/** A short digest of a message's group and body, to recognise a redriven message that came back. */
function bodyKey(message: Message): string {
  return createHash('sha1')
    .update(`${message.Attributes?.MessageGroupId ?? ''}\n${message.Body ?? ''}`)
    .digest('base64');
}

async function sendGroup(
  sqs: SQSClient,
  url: string,
  messages: readonly Message[],
): Promise<{ sent: Message[]; failures: RedriveFailure[] }> {
  const output = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: messages.map((message, index) => redriveEntry(message, String(index), url)),
    }),
  );
  const sent = (output.Successful ?? []).flatMap((entry) => messages[Number(entry.Id)] ?? []);
  const failures = (output.Failed ?? []).map((entry) => ({
    messageId: messages[Number(entry.Id)]?.MessageId ?? '',
    reason: `${entry.Code ?? 'error'}: ${entry.Message ?? 'SendMessageBatch refused it'}`,
  }));
  return { sent, failures };
}

/**
 * Moves messages from a DLQ by hand: receive, send to the destination, then delete from the DLQ.
 * Sending first means an interruption (crash, Ctrl-C, lost network) can only leave a message in
 * both queues, never in neither; consumers deduplicate on the event id. Messages skipped by the
 * filter, or that failed to send, are released at the end and stay in the DLQ. The run ends when
 * a receive brings nothing new (the DLQ is empty, or holds only messages already seen).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
 */
export async function moveMessages(options: MoveMessagesOptions): Promise<RedriveReport> {
  const { sqs, sourceUrl } = options;
  const kept = new Map<string, Message>();
  const failures: RedriveFailure[] = [];
  let moved = 0;
  let skipped = 0;
  let returned = 0;
  const movedBodies = new Set<string>();
  const started = Date.now();
  try {
    while (!options.signal?.aborted) {
      const received = await receiveHeld(sqs, sourceUrl, SQS_BATCH_SIZE, options.holdSeconds ?? 60);
      const fresh = received.filter((message) => !kept.has(message.MessageId ?? ''));
      for (const message of received)
        if (kept.has(message.MessageId ?? '')) kept.set(message.MessageId ?? '', message);
      if (fresh.length === 0) break;
      const byDestination = new Map<string, Message[]>();
      for (const message of fresh) {
        const info = failureInfoOf(message);
        // A message that fails again right after its redrive comes back with a new id but the same
        // body: moving it again would loop. (Timestamps cannot tell: client and SQS clocks differ.)
        if (movedBodies.has(bodyKey(message))) {
          returned += 1;
          kept.set(info.messageId, message);
          continue;
        }
        if (options.errorName !== undefined && info.errorName !== options.errorName) {
          skipped += 1;
          kept.set(info.messageId, message);
          continue;
        }
        const destination = await options.destination(info);
        if ('problem' in destination) {
          failures.push({ messageId: info.messageId, reason: destination.problem });
          kept.set(info.messageId, message);
        } else byDestination.set(destination.url, [...(byDestination.get(destination.url) ?? []), message]);
      }
      for (const [url, messages] of byDestination) {
        const result = await sendGroup(sqs, url, messages).catch((error: unknown) => ({
          sent: [] as Message[],
          failures: messages.map((message) => ({
            messageId: message.MessageId ?? '',
            reason: String(error),
          })),
        }));
        failures.push(...result.failures);
        for (const failure of result.failures) {
          const message = messages.find((candidate) => candidate.MessageId === failure.messageId);
          if (message) kept.set(failure.messageId, message);
        }
        if (result.sent.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: sourceUrl,
              Entries: result.sent.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
          moved += result.sent.length;
          for (const message of result.sent) movedBodies.add(bodyKey(message));
        }
      }
      options.onProgress?.({ moved, skipped, failed: failures.length });
      if (options.ratePerSecond) {
        const due = started + (moved / options.ratePerSecond) * 1000;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
    }
  } finally {
    await releaseMessages(sqs, sourceUrl, [...kept.values()]);
  }
  return { method: 'receive-send-delete', moved, skipped, failed: failures.length, returned, failures };
}
