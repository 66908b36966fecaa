import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueRef } from '../discovery/stack-resources.ts';
import type { OldestAgeReader } from './oldest-age.ts';
import { peekMessages } from './peek.ts';
import { queueNameOf, type ResolvedQueue, resolveQueue } from './queue-lookup.ts';

/** Why the CLI counts a queue as a DLQ. */
export type DeadLetterReason = 'redrive-policy' | 'name';

/** One DLQ of a stack, with how full it is. */
export interface DeadLetterQueueSummary {
  readonly name: string;
  readonly url: string;
  readonly logicalId?: string;
  readonly fifo: boolean;
  readonly reason: DeadLetterReason;
  /** Names of the queues whose RedrivePolicy targets this DLQ. */
  readonly sources: readonly string[];
  /** ApproximateNumberOfMessages: visible messages. */
  readonly depth: number;
  /** ApproximateNumberOfMessagesNotVisible: messages someone holds right now. */
  readonly inFlight: number;
  /** Age of the oldest message in seconds; absent when empty or unknown. */
  readonly oldestAgeSeconds?: number;
  /**
   * Where `oldestAgeSeconds` comes from: `metric` (ApproximateAgeOfOldestMessage), `sample`
   * (SentTimestamp of peeked messages), `empty`, or `unknown` (no recent datapoint, or the metric
   * could not be read).
   */
  readonly ageSource: 'metric' | 'sample' | 'empty' | 'unknown';
}

/** Options of {@link listDeadLetterQueues}. */
export interface ListOptions {
  /** Reads ApproximateAgeOfOldestMessage; used unless `ageSample` asks for peeking. */
  readonly oldestAges?: OldestAgeReader;
  /**
   * Peek up to this many messages per non-empty DLQ and take the oldest SentTimestamp instead of
   * the metric (exact for a queue of at most this many messages, a lower bound beyond; peeking
   * raises receive counts). 0 = use the metric. @default 0
   */
  readonly ageSample?: number;
  /** Told when the metric could not be read (the listing goes on without ages). */
  readonly warn?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * A queue that matches this by name or logical id is a DLQ even if no RedrivePolicy points at it:
 * Ferry's relay DLQ is one (the relay sends to it; no queue redrives into it).
 */
const DEAD_LETTER_NAME = /dead-?letter|dlq/i;

function redriveTargetArn(queue: ResolvedQueue): string | undefined {
  const policy = queue.attributes.RedrivePolicy;
  if (!policy) return undefined;
  const parsed = JSON.parse(policy) as { deadLetterTargetArn?: string };
  return parsed.deadLetterTargetArn;
}

/**
 * Finds the DLQs among a stack's queues: every queue some queue's RedrivePolicy targets, plus
 * queues named like one (`*-dlq`, `*Dlq`, `*DeadLetterQueue*`). For each it reads the depth and
 * the age of the oldest message: the SQS API has no age attribute, so it comes from the
 * ApproximateAgeOfOldestMessage metric (read-only, up to a minute late), or, when asked, from the
 * SentTimestamp of a peeked sample.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
 */
export async function listDeadLetterQueues(
  sqs: SQSClient,
  queues: readonly QueueRef[],
  where: string,
  options: ListOptions = {},
): Promise<DeadLetterQueueSummary[]> {
  const now = options.now ?? Date.now;
  const ageSample = options.ageSample ?? 0;
  const resolved = await Promise.all(queues.map((queue) => resolveQueue(sqs, queue.url, where)));
  const sourcesByArn = new Map<string, string[]>();
  for (const queue of resolved) {
    const target = redriveTargetArn(queue);
    if (target) sourcesByArn.set(target, [...(sourcesByArn.get(target) ?? []), queue.name]);
  }
  const deadLetterQueues = resolved.flatMap((queue, index) => {
    const logicalId = queues[index]?.logicalId;
    const sources = sourcesByArn.get(queue.arn);
    const byName = DEAD_LETTER_NAME.test(queue.name) || DEAD_LETTER_NAME.test(logicalId ?? '');
    return sources || byName ? [{ queue, logicalId, sources }] : [];
  });
  const metricAges =
    ageSample > 0 || !options.oldestAges
      ? new Map<string, number>()
      : await options
          .oldestAges(deadLetterQueues.map(({ queue }) => queueNameOf(queue.url)))
          .catch((error: unknown) => {
            options.warn?.(
              `could not read ApproximateAgeOfOldestMessage (${(error as Error).message}); ages left out`,
            );
            return new Map<string, number>();
          });
  const summaries: DeadLetterQueueSummary[] = [];
  for (const { queue, logicalId, sources } of deadLetterQueues) {
    const depth = Number(queue.attributes.ApproximateNumberOfMessages ?? 0);
    let oldestAgeSeconds: number | undefined;
    if (depth > 0 && ageSample > 0) {
      const sample = await peekMessages(sqs, queue.url, { limit: ageSample });
      const sent = sample.map((info) => Date.parse(info.sentAt ?? '')).filter(Number.isFinite);
      if (sent.length > 0) oldestAgeSeconds = Math.max(0, Math.round((now() - Math.min(...sent)) / 1000));
    } else if (depth > 0) oldestAgeSeconds = metricAges.get(queueNameOf(queue.url));
    const ageSource =
      depth === 0
        ? 'empty'
        : oldestAgeSeconds === undefined
          ? 'unknown'
          : ageSample > 0
            ? 'sample'
            : 'metric';
    summaries.push({
      name: queueNameOf(queue.url),
      url: queue.url,
      ...(logicalId ? { logicalId } : {}),
      fifo: queue.fifo,
      reason: sources ? 'redrive-policy' : 'name',
      sources: sources ?? [],
      depth,
      inFlight: Number(queue.attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      ...(oldestAgeSeconds === undefined ? {} : { oldestAgeSeconds }),
      ageSource,
    });
  }
  return summaries.sort((a, b) => b.depth - a.depth || a.name.localeCompare(b.name));
}
