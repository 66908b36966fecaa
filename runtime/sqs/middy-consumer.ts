import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SqsConsumer } from './sqs-consumer.ts';

/**
 * The consumer's handler wrapped by middy, for teams that add middlewares. A module of its own so
 * that consumers without middy do not bundle it.
 * @see https://middy.js.org/docs/intro/getting-started
 */
export function middyConsumer(
  consumer: SqsConsumer,
): MiddyfiedHandler<SQSEvent, SQSBatchResponse, Error, Context> {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler(consumer.handler);
}
