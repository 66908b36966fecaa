import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '../../local/cloud/local-cloud.ts';
import { shopQueueUrl } from '../e2e/routine-flood.ts';
import { queueBacklog } from '../support/queues.ts';
import { type RawResponse, sendHostileMessage, sendRaw, takeAll } from './hostile-client.ts';
import type { ApiCase, DeadLetterQueueStem, HostileCase, QueueCase } from './hostile-inputs.ts';

/** Every DLQ a corpus message may land in. */
export const DEAD_LETTER_QUEUES: readonly DeadLetterQueueStem[] = [
  'OrdersDeadLetterQueue',
  'PaymentsDeadLetterQueue',
  'NotificationsUrgentQueueDeadLetterQueue',
  'NotificationsRoutineQueueDeadLetterQueue',
  'OutboxRelayDeadLetterQueue',
];

/** What playing the corpus gave. */
export interface CorpusRun {
  readonly answers: ReadonlyMap<ApiCase, RawResponse>;
  /** Everything the DLQs held, taken off them. */
  readonly deadLettered: ReadonlyMap<DeadLetterQueueStem, readonly Message[]>;
  /** From the first send until every message settled. */
  readonly playMillis: number;
  readonly apiMillis: number;
}

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Reads until `done` accepts the value or the time is up; returns the last value read. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMillis: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(200);
    value = await read();
  }
  return value;
}

/**
 * Sends every queue message (the consumers work through them meanwhile), then every API request,
 * one after another and in order; then empties the DLQs until each message expected there has
 * arrived and the source queues are empty (a consumer parks a message before it deletes it, so an
 * empty source queue means nothing is left to park), or `settleMillis` have passed.
 */
export async function playCorpus(
  cloud: LocalCloud,
  sqs: SQSClient,
  cases: readonly HostileCase[],
  settleMillis = 60_000,
): Promise<CorpusRun> {
  const apiCases = cases.filter((c): c is ApiCase => c.target === 'api');
  const queueCases = cases.filter((c): c is QueueCase => c.target === 'queue');
  const started = Date.now();
  await Promise.all(
    queueCases.map((c) => sendHostileMessage(sqs, shopQueueUrl(cloud, c.message.queue), c.message)),
  );
  const answers = new Map<ApiCase, RawResponse>();
  for (const hostile of apiCases) answers.set(hostile, await sendRaw(cloud.url, hostile.request));
  const apiMillis = Date.now() - started;

  const expected = queueCases.filter((c) => c.expect.outcome === 'dead-lettered').length;
  const sources = [...new Set(queueCases.map((c) => c.message.queue))];
  const backlog = async () =>
    (await Promise.all(sources.map((q) => queueBacklog(shopQueueUrl(cloud, q), sqs)))).reduce(
      (a, b) => a + b,
      0,
    );
  const deadLettered = new Map<DeadLetterQueueStem, Message[]>();
  const deadline = Date.now() + settleMillis;
  for (;;) {
    for (const dlq of DEAD_LETTER_QUEUES)
      deadLettered.set(dlq, [
        ...(deadLettered.get(dlq) ?? []),
        ...(await takeAll(sqs, shopQueueUrl(cloud, dlq))),
      ]);
    const parked = [...deadLettered.values()].reduce((sum, list) => sum + list.length, 0);
    if ((parked >= expected && (await backlog()) === 0) || Date.now() > deadline) break;
    await sleep(250);
  }
  return { answers, deadLettered, playMillis: Date.now() - started, apiMillis };
}
