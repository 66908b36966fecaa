import type { IConstruct } from 'constructs';
import type { TransactionalOutboxProps } from '../transactional-outbox.ts';
import { checkDuration, checkInteger } from './validation.ts';

/**
 * The longest `maxRecordAge` Ferry accepts: a record handed to the on-failure queue must still be
 * in the stream (kept 24 hours) when the rehydrator reads it back, so half the retention is left.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
 */
export const MAX_RECORD_AGE_SECONDS = 43_200;

/**
 * Checks {@link TransactionalOutboxProps} before anything is created; throws with the path, the
 * value and the fix.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html
 */
export function validateOutboxProps(scope: IConstruct, props: TransactionalOutboxProps): void {
  checkInteger(scope, 'relayBatchSize', props.relayBatchSize, 1, 10_000);
  checkDuration(scope, 'relayMaxBatchingWindow', props.relayMaxBatchingWindow, 0, 300);
  checkInteger(scope, 'parallelizationFactor', props.parallelizationFactor, 1, 10);
  checkInteger(scope, 'retryAttempts', props.retryAttempts, 0, 10_000);
  checkDuration(scope, 'maxRecordAge', props.maxRecordAge, 60, MAX_RECORD_AGE_SECONDS);
  checkDuration(scope, 'relayTimeout', props.relayTimeout, 1, 900);
  checkInteger(scope, 'relayMemorySize', props.relayMemorySize, 128, 10_240);
  checkDuration(scope, 'eventTtl', props.eventTtl, 3600, 31_536_000);
  checkDuration(scope, 'iteratorAgeThreshold', props.iteratorAgeThreshold, 1, 86_400);
}
