import {
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { OpsError } from '../errors.ts';
import type { RedriveProgress, RedriveReport } from './move-messages.ts';

/** Options of {@link runMoveTask}. */
export interface MoveTaskOptions {
  readonly sqs: SQSClient;
  readonly sourceArn: string;
  readonly destinationArn: string;
  readonly ratePerSecond?: number;
  /** Between two ListMessageMoveTasks calls. @default 2000 */
  readonly pollMillis?: number;
  readonly onProgress?: (progress: RedriveProgress) => void;
}

/**
 * True when an endpoint does not implement StartMessageMoveTask: fauxqs answers `InvalidAction`
 * ("Unknown action"), other emulators `UnsupportedOperation` or a not-implemented message.
 */
export function isMoveTaskUnsupported(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    ['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException', 'NotImplemented'].includes(
      error.name,
    ) || /unknown action|not (yet )?(supported|implemented)/i.test(error.message)
  );
}

/**
 * Redrives a whole DLQ with SQS's own StartMessageMoveTask and follows it with
 * ListMessageMoveTasks until it ends. Returns `undefined` when the endpoint lacks the API, so the
 * caller moves the messages itself.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html
 */
export async function runMoveTask(options: MoveTaskOptions): Promise<RedriveReport | undefined> {
  const { sqs, sourceArn } = options;
  try {
    await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        DestinationArn: options.destinationArn,
        MaxNumberOfMessagesPerSecond: options.ratePerSecond,
      }),
    );
  } catch (error) {
    if (isMoveTaskUnsupported(error)) return undefined;
    throw error;
  }
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMillis ?? 2_000));
    const output = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }));
    const task = output.Results?.[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    options.onProgress?.({ moved, skipped: 0, failed: 0 });
    if (task?.Status === 'COMPLETED')
      return { method: 'move-task', moved, skipped: 0, failed: 0, returned: 0, failures: [] };
    if (task?.Status === 'FAILED' || task?.Status === 'CANCELLED')
      throw new OpsError(
        `the message move task from ${sourceArn} ended ${task.Status} after ${moved} messages (${task.FailureReason ?? 'no reason given'}): fix the cause and run the redrive again; messages not moved are still in the DLQ`,
      );
  }
}
