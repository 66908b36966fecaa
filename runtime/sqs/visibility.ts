import type { SQSClient } from '@aws-sdk/client-sqs';
import { loadSqsSdk } from './sqs-sdk.ts';
import { runWithConcurrency } from './worker-pool.ts';

/**
 * Entries per ChangeMessageVisibilityBatch call.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html
 */
const MAX_BATCH_ENTRIES = 10;
/** Visibility calls in flight at once for one batch. */
const CALL_CONCURRENCY = 10;

/** One visibility change: the message's receipt handle and its new timeout. */
export interface VisibilityChange {
  /** Caller's key for the entry (unique within one call of {@link changeVisibility}). */
  readonly key: number;
  readonly receiptHandle: string;
  readonly visibilityTimeoutSeconds: number;
}

/** Why some visibility changes did not happen. */
export interface VisibilityFailure {
  readonly key: number;
  readonly reason: string;
}

const queueUrlsByClient = new WeakMap<SQSClient, Map<string, Promise<string>>>();

/**
 * The URL of the queue with ARN `arn:aws:sqs:<region>:<account>:<name>`, asked of SQS once per
 * process and client (GetQueueUrl) so that it is right wherever the client points, emulators included.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
 */
export function queueUrlOf(client: SQSClient, queueArn: string): Promise<string> {
  const queueUrls = queueUrlsByClient.get(client) ?? new Map<string, Promise<string>>();
  queueUrlsByClient.set(client, queueUrls);
  const cached = queueUrls.get(queueArn);
  if (cached) return cached;
  const parts = queueArn.split(':');
  const name = parts[5];
  const account = parts[4];
  if (parts.length !== 6 || parts[2] !== 'sqs' || !name) {
    return Promise.reject(
      new Error(`'${queueArn}' is not an SQS queue ARN; pass the source queue URL in the options instead.`),
    );
  }
  const lookup = loadSqsSdk()
    .then(({ GetQueueUrlCommand }) =>
      client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account || undefined })),
    )
    .then((output) => {
      if (!output.QueueUrl) throw new Error(`GetQueueUrl returned no URL for ${queueArn}.`);
      return output.QueueUrl;
    });
  // A failed lookup must not be cached: the next batch asks again.
  lookup.catch(() => queueUrls.delete(queueArn));
  queueUrls.set(queueArn, lookup);
  return lookup;
}

/**
 * Applies `changes` with ChangeMessageVisibilityBatch (10 entries a call, a few calls at once)
 * and returns the ones that failed, whole calls included. Never rejects: a failed change leaves
 * the message with its current timeout, which is safe, so the caller only logs it.
 */
export async function changeVisibility(
  client: SQSClient,
  queueUrl: string,
  changes: readonly VisibilityChange[],
): Promise<VisibilityFailure[]> {
  const failures: VisibilityFailure[] = [];
  const { ChangeMessageVisibilityBatchCommand } = await loadSqsSdk();
  const callCount = Math.ceil(changes.length / MAX_BATCH_ENTRIES);
  await runWithConcurrency(callCount, CALL_CONCURRENCY, async (call) => {
    const chunk = changes.slice(call * MAX_BATCH_ENTRIES, (call + 1) * MAX_BATCH_ENTRIES);
    try {
      const output = await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((change) => ({
            Id: String(change.key),
            ReceiptHandle: change.receiptHandle,
            VisibilityTimeout: change.visibilityTimeoutSeconds,
          })),
        }),
      );
      for (const failed of output.Failed ?? []) {
        failures.push({ key: Number(failed.Id), reason: `${failed.Code}: ${failed.Message ?? ''}`.trim() });
      }
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      for (const change of chunk) failures.push({ key: change.key, reason });
    }
  });
  return failures;
}
