import type { IConstruct } from 'constructs';
import { FIFO_MAX_BATCH_SIZE } from '../aspects/queue-checks.ts';
import type { QueueConsumerProps } from '../queue-consumer.ts';
import { MAX_VISIBILITY_SECONDS } from './message-queue-validation.ts';
import { checkDuration, checkInteger, knownSeconds } from './validation.ts';

/**
 * Checks {@link QueueConsumerProps} before anything is created; throws with the path, the value
 * and the fix.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export function validateQueueConsumerProps(scope: IConstruct, props: QueueConsumerProps): void {
  const path = scope.node.path;
  const fifo = props.queue.fifo;
  checkInteger(scope, 'memorySize', props.memorySize, 128, 10_240);
  checkDuration(scope, 'timeout', props.timeout, 1, 900);
  if (fifo && props.batchSize !== undefined && props.batchSize > FIFO_MAX_BATCH_SIZE) {
    throw new Error(
      `${path}: batchSize is ${props.batchSize} but ${props.queue.node.path} is a FIFO queue, and FIFO event sources take at most ${FIFO_MAX_BATCH_SIZE}. Set batchSize to ${FIFO_MAX_BATCH_SIZE} or less.`,
    );
  }
  checkInteger(scope, 'batchSize', props.batchSize, 1, 10_000);
  checkInteger(scope, 'maxConcurrency', props.maxConcurrency, 2, 1000);
  checkInteger(scope, 'reservedConcurrentExecutions', props.reservedConcurrentExecutions, 0, 10_000);
  checkInteger(scope, 'recordConcurrency', props.recordConcurrency, 1, 10_000);
  checkDuration(scope, 'backoffBase', props.backoffBase, 0, MAX_VISIBILITY_SECONDS);
  checkDuration(scope, 'backoffCap', props.backoffCap, 1, MAX_VISIBILITY_SECONDS);
  checkDuration(scope, 'idempotencyTtl', props.idempotencyTtl, 60, 31_536_000);
  checkInteger(scope, 'errorRateThresholdPercent', props.errorRateThresholdPercent, 1, 100);
  checkInteger(scope, 'durationThresholdPercentOfTimeout', props.durationThresholdPercentOfTimeout, 1, 100);
  const window = knownSeconds(props.maxBatchingWindow);
  if (fifo && window !== undefined) {
    throw new Error(
      `${path}: maxBatchingWindow is ${window} s but ${props.queue.node.path} is a FIFO queue, and FIFO event sources take no batching window. Remove maxBatchingWindow.`,
    );
  }
  checkDuration(scope, 'maxBatchingWindow', props.maxBatchingWindow, 0, 300);
  const batchSize = props.batchSize ?? 10;
  if (batchSize > 10 && (window === undefined || window < 1)) {
    throw new Error(
      `${path}: batchSize ${batchSize} is over 10, which needs a maxBatchingWindow of at least 1 second. Set maxBatchingWindow or lower batchSize to 10.`,
    );
  }
  const base = knownSeconds(props.backoffBase);
  const cap = knownSeconds(props.backoffCap);
  if ((base ?? 2) > (cap ?? 900)) {
    throw new Error(
      `${path}: backoffBase (${base ?? 2} s) is above backoffCap (${cap ?? 900} s). Lower backoffBase or raise backoffCap.`,
    );
  }
  if (props.idempotencyTtl !== undefined && props.idempotencyTable === undefined) {
    throw new Error(
      `${path}: idempotencyTtl is set but there is no idempotencyTable. Pass idempotencyTable or remove idempotencyTtl.`,
    );
  }
}
