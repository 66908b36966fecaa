import { type Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { MessageQueueProps } from '../message-queue.ts';
import { checkDuration, checkInteger, knownSeconds } from './validation.ts';

/** SQS keeps a message at most 14 days. */
export const MAX_RETENTION_SECONDS = 1_209_600;
/** A message's visibility cannot exceed 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Checks {@link MessageQueueProps} before anything is created; throws with the path, the value and
 * the fix.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html
 */
export function validateMessageQueueProps(
  scope: IConstruct,
  props: MessageQueueProps,
  resolved: { readonly fifo: boolean; readonly retention: Duration; readonly deadLetterRetention: Duration },
): void {
  const { fifo, retention, deadLetterRetention } = resolved;
  const path = scope.node.path;
  const suffixed = (base: string) => (fifo ? `${base}.fifo` : base);
  checkInteger(scope, 'maxReceiveCount', props.maxReceiveCount, 1, 1000);
  checkDuration(scope, 'visibilityTimeout', props.visibilityTimeout, 0, MAX_VISIBILITY_SECONDS);
  checkDuration(scope, 'retentionPeriod', retention, 60, MAX_RETENTION_SECONDS);
  checkDuration(scope, 'deadLetterRetentionPeriod', deadLetterRetention, 60, MAX_RETENTION_SECONDS);
  checkDuration(scope, 'ageOfOldestMessageSlo', props.ageOfOldestMessageSlo, 60, MAX_RETENTION_SECONDS);
  const source = knownSeconds(retention);
  const dlq = knownSeconds(deadLetterRetention);
  if (!fifo && source !== undefined && dlq !== undefined && dlq <= source) {
    throw new Error(
      `${path}: deadLetterRetentionPeriod (${dlq} s) must be longer than retentionPeriod (${source} s): a standard DLQ keeps the original enqueue time. Lengthen deadLetterRetentionPeriod (up to 14 days) or shorten retentionPeriod.`,
    );
  }
  if (!fifo && (props.contentBasedDeduplication || props.highThroughput)) {
    throw new Error(
      `${path}: contentBasedDeduplication and highThroughput apply to FIFO queues only. Set fifo: true or remove them.`,
    );
  }
  if (props.encryption === 'sqs-managed' && props.encryptionKey !== undefined) {
    throw new Error(
      `${path}: encryptionKey is given but encryption is 'sqs-managed'. Use encryption: 'kms' or remove encryptionKey.`,
    );
  }
  const name = props.queueName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    if (!fifo && name.endsWith('.fifo')) {
      throw new Error(
        `${path}: queueName '${name}' ends in .fifo but fifo is false. Set fifo: true or rename.`,
      );
    }
    const deadLetterName = suffixed(`${name.replace(/\.fifo$/, '')}-dlq`);
    if (!QUEUE_NAME.test(name.replace(/\.fifo$/, '')) || deadLetterName.length > 80) {
      throw new Error(
        `${path}: queueName must be letters, digits, '-' or '_', and short enough for the DLQ name '${deadLetterName}' to fit in 80 characters, got '${name}'. Pass a shorter name.`,
      );
    }
  }
}
