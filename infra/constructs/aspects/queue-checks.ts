import { Annotations, type CfnResource } from 'aws-cdk-lib';
import type { StackResources } from './stack-resources.ts';

/** Defaults CloudFormation applies when a property is absent. */
const SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const SQS_DEFAULT_RETENTION_SECONDS = 345_600;
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
const SQS_DEFAULT_BATCH_SIZE = 10;
/** Below this, one slow or throttled attempt can dead-letter a healthy message. */
export const RECOMMENDED_MIN_RECEIVE_COUNT = 5;
/** Lambda's multiplier of (function timeout + batching window) for the queue's visibility timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** FIFO event sources take at most this many messages per batch. */
export const FIFO_MAX_BATCH_SIZE = 10;

/**
 * Checks every SQS queue's redrive policy: a DLQ of the same kind as its source (a FIFO queue
 * needs a FIFO DLQ); a standard DLQ keeping messages longer than its source, because a standard DLQ
 * keeps the original enqueue timestamp; and warns when `maxReceiveCount` is below 5.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export function checkRedrivePolicies(resources: StackResources): void {
  for (const source of resources.ofType('AWS::SQS::Queue')) {
    const policy = redrivePolicyOf(resources, source);
    if (policy === undefined) continue;
    const path = source.node.path;
    if (policy.maxReceiveCount !== undefined && policy.maxReceiveCount < RECOMMENDED_MIN_RECEIVE_COUNT) {
      Annotations.of(source).addWarningV2(
        'ferry:max-receive-count',
        `[Ferry] ${path}: maxReceiveCount is ${policy.maxReceiveCount}; below ${RECOMMENDED_MIN_RECEIVE_COUNT}, a throttled or slow attempt can send a healthy message to the DLQ. Fix: set maxReceiveCount to at least ${RECOMMENDED_MIN_RECEIVE_COUNT}.`,
      );
    }
    const target = resources.referenced(policy.deadLetterTargetArn)?.resource;
    if (target === undefined || target.cfnResourceType !== 'AWS::SQS::Queue') continue;
    const sourceFifo = isFifoQueue(resources, source);
    const targetFifo = isFifoQueue(resources, target);
    if (sourceFifo !== targetFifo) {
      Annotations.of(source).addError(
        `[Ferry] ${path}: a ${kind(sourceFifo)} queue has the ${kind(targetFifo)} queue ${target.node.path} as its DLQ; SQS requires both to be of the same kind. Fix: make the DLQ ${kind(sourceFifo)}.`,
      );
      continue;
    }
    if (sourceFifo) continue;
    const sourceRetention = retentionOf(resources, source);
    const targetRetention = retentionOf(resources, target);
    if (
      sourceRetention !== undefined &&
      targetRetention !== undefined &&
      targetRetention <= sourceRetention
    ) {
      Annotations.of(source).addError(
        `[Ferry] ${path}: its standard DLQ ${target.node.path} keeps messages ${targetRetention} s, not longer than the source's ${sourceRetention} s; a standard DLQ keeps the original enqueue time, so messages would expire on arrival. Fix: give the DLQ a longer retentionPeriod (up to 14 days) or shorten the source's.`,
      );
    }
  }
}

/**
 * Checks an SQS event source mapping: `ReportBatchItemFailures` on (else a normal return deletes
 * every message, failed ones included), FIFO batches of at most 10 with no batching window, and a
 * queue visibility timeout of at least 6 x (function timeout + batching window).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export function checkSqsMapping(
  resources: StackResources,
  mapping: CfnResource & { readonly functionResponseTypes?: string[] },
  queue: CfnResource | undefined,
  fifo: boolean,
): void {
  const path = mapping.node.path;
  const responseTypes = resources.resolve(mapping.functionResponseTypes);
  if (!Array.isArray(responseTypes) || !responseTypes.includes('ReportBatchItemFailures')) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: SQS event source mapping without ReportBatchItemFailures; a handler that returns normally makes Lambda delete every message of the batch, failed ones included. Fix: set reportBatchItemFailures: true (FunctionResponseTypes: ['ReportBatchItemFailures']) and return batchItemFailures.`,
    );
  }
  const props = mapping as CfnResource & { batchSize?: number; maximumBatchingWindowInSeconds?: number };
  const batchSize = resources.numberOf(props.batchSize) ?? SQS_DEFAULT_BATCH_SIZE;
  const windowSeconds = resources.numberOf(props.maximumBatchingWindowInSeconds) ?? 0;
  if (fifo && batchSize > FIFO_MAX_BATCH_SIZE) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: batch size ${batchSize} on a FIFO queue; FIFO event sources take at most ${FIFO_MAX_BATCH_SIZE}. Fix: set batchSize to ${FIFO_MAX_BATCH_SIZE} or less.`,
    );
  }
  if (fifo && windowSeconds > 0) {
    Annotations.of(mapping).addError(
      `[Ferry] ${path}: batching window of ${windowSeconds} s on a FIFO queue; FIFO event sources do not support one. Fix: remove maxBatchingWindow.`,
    );
  }
  if (queue === undefined) return;
  const fn = resources.referenced(
    (mapping as CfnResource & { functionName?: string }).functionName,
  )?.resource;
  if (fn === undefined || fn.cfnResourceType !== 'AWS::Lambda::Function') return;
  const timeout =
    resources.numberOf((fn as CfnResource & { timeout?: number }).timeout) ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS;
  const visibility =
    resources.numberOf((queue as CfnResource & { visibilityTimeout?: number }).visibilityTimeout) ??
    SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  const required = VISIBILITY_TIMEOUT_FACTOR * (timeout + windowSeconds);
  if (visibility < required) {
    Annotations.of(queue).addError(
      `[Ferry] ${queue.node.path}: visibility timeout ${visibility} s is below ${VISIBILITY_TIMEOUT_FACTOR} x (timeout ${timeout} s of ${fn.node.path} + batching window ${windowSeconds} s) = ${required} s; messages in flight reappear and run twice. Fix: set the queue's visibilityTimeout to at least ${required} seconds.`,
    );
  }
}

/** True for a FIFO queue, from `FifoQueue` or a `.fifo` name. */
export function isFifoQueue(resources: StackResources, queue: CfnResource): boolean {
  const props = queue as CfnResource & { fifoQueue?: unknown; queueName?: unknown };
  if (resources.booleanOf(props.fifoQueue) === true) return true;
  const name = resources.resolve(props.queueName);
  return typeof name === 'string' && name.endsWith('.fifo');
}

function kind(fifo: boolean): string {
  return fifo ? 'FIFO' : 'standard';
}

function retentionOf(resources: StackResources, queue: CfnResource): number | undefined {
  const value = (queue as CfnResource & { messageRetentionPeriod?: unknown }).messageRetentionPeriod;
  if (value === undefined) return SQS_DEFAULT_RETENTION_SECONDS;
  return resources.numberOf(value);
}

function redrivePolicyOf(
  resources: StackResources,
  queue: CfnResource,
): { readonly deadLetterTargetArn: unknown; readonly maxReceiveCount?: number } | undefined {
  let policy = resources.resolve((queue as CfnResource & { redrivePolicy?: unknown }).redrivePolicy);
  if (typeof policy === 'string') {
    try {
      policy = JSON.parse(policy);
    } catch {
      // A policy that is not JSON is CloudFormation's to reject at deploy time; nothing to check here.
      return undefined;
    }
  }
  if (typeof policy !== 'object' || policy === null) return undefined;
  const record = policy as Record<string, unknown>;
  const count = record.maxReceiveCount;
  const parsed = typeof count === 'string' ? Number(count) : count;
  return {
    deadLetterTargetArn: record.deadLetterTargetArn,
    maxReceiveCount: typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined,
  };
}
