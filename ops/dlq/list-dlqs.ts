import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueRef } from '../discovery/stack-resources.ts';
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
  /** Seconds since the oldest message of the sample was sent; absent when empty or not sampled. */
  readonly oldestAgeSeconds?: number;
  /** Where `oldestAgeSeconds` comes from. */
  readonly ageSource: 'sample' | 'empty' | 'not-sampled';
}

/** Options of {@link listDeadLetterQueues}. */
export interface ListOptions {
  /** Peek up to this many messages per non-empty DLQ for the age of the oldest. 0 = do not. @default 10 */
  readonly ageSample?: number;
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
 * queues named like one (`*-dlq`, `*Dlq`, `*DeadLetterQueue*`). For each it reads the depth and,
 * since the SQS API has no age-of-oldest attribute (CloudWatch's ApproximateAgeOfOldestMessage is
 * AWS-only and a minute late), peeks a sample and takes the oldest SentTimestamp in it: exact for
 * a queue of at most `ageSample` messages, a lower bound beyond.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
 */
export async function listDeadLetterQueues(
  sqs: SQSClient,
  queues: readonly QueueRef[],
  where: string,
  options: ListOptions = {},
): Promise<DeadLetterQueueSummary[]> {
  const now = options.now ?? Date.now;
  const ageSample = options.ageSample ?? 10;
  const resolved = await Promise.all(queues.map((queue) => resolveQueue(sqs, queue.url, where)));
  const sourcesByArn = new Map<string, string[]>();
  for (const queue of resolved) {
    const target = redriveTargetArn(queue);
    if (target) sourcesByArn.set(target, [...(sourcesByArn.get(target) ?? []), queue.name]);
  }
  const summaries: DeadLetterQueueSummary[] = [];
  for (const [index, queue] of resolved.entries()) {
    const logicalId = queues[index]?.logicalId;
    const sources = sourcesByArn.get(queue.arn);
    const byName = DEAD_LETTER_NAME.test(queue.name) || DEAD_LETTER_NAME.test(logicalId ?? '');
    if (!sources && !byName) continue;
    const depth = Number(queue.attributes.ApproximateNumberOfMessages ?? 0);
    let oldestAgeSeconds: number | undefined;
    if (depth > 0 && ageSample > 0) {
      const sample = await peekMessages(sqs, queue.url, { limit: ageSample });
      const sent = sample.map((info) => Date.parse(info.sentAt ?? '')).filter(Number.isFinite);
      if (sent.length > 0) oldestAgeSeconds = Math.max(0, Math.round((now() - Math.min(...sent)) / 1000));
    }
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
      ageSource: depth === 0 ? 'empty' : oldestAgeSeconds === undefined ? 'not-sampled' : 'sample',
    });
  }
  return summaries.sort((a, b) => b.depth - a.depth || a.name.localeCompare(b.name));
}
