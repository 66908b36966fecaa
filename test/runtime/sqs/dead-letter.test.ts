import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FAILURE_ATTRIBUTES } from '../../../runtime/contract.ts';
import { SchemaValidationError } from '../../../runtime/errors.ts';
import { deadLetterRequest, sendToDeadLetterQueue } from '../../../runtime/sqs/dead-letter.ts';
import { FakeSqs, queueArn, sqsRecord } from './sqs-fixtures.ts';

const DLQ = 'http://sqs.test/000000000000/orders-dlq';

describe('deadLetterRequest', () => {
  it('carries the body and the attributes that say why', () => {
    const firstReceive = Date.UTC(2025, 0, 2, 3, 4, 5);
    const record = sqsRecord('{"bad":true}', { receiveCount: 3, firstReceiveMillis: firstReceive });

    const { input } = deadLetterRequest(
      DLQ,
      record,
      new SchemaValidationError('OrderPlaced data is invalid', ['data.total: expected number']),
    );

    expect(input.QueueUrl).toBe(DLQ);
    expect(input.MessageBody).toBe('{"bad":true}');
    expect(input.MessageAttributes).toEqual({
      [FAILURE_ATTRIBUTES.errorName]: { DataType: 'String', StringValue: 'SchemaValidationError' },
      [FAILURE_ATTRIBUTES.errorMessage]: {
        DataType: 'String',
        StringValue: 'OrderPlaced data is invalid: data.total: expected number',
      },
      [FAILURE_ATTRIBUTES.originalMessageId]: { DataType: 'String', StringValue: record.messageId },
      [FAILURE_ATTRIBUTES.sourceQueue]: { DataType: 'String', StringValue: queueArn('orders') },
      [FAILURE_ATTRIBUTES.receiveCount]: { DataType: 'Number', StringValue: '3' },
      [FAILURE_ATTRIBUTES.firstSeen]: { DataType: 'String', StringValue: '2025-01-02T03:04:05.000Z' },
    });
    expect(input.MessageGroupId).toBeUndefined();
  });

  it('falls back to the sent time for first-seen', () => {
    const record = sqsRecord('x', { sentMillis: Date.UTC(2025, 5, 1), firstReceiveMillis: null });

    const { input } = deadLetterRequest(DLQ, record, new Error('boom'));

    expect(input.MessageAttributes?.[FAILURE_ATTRIBUTES.firstSeen]?.StringValue).toBe(
      '2025-06-01T00:00:00.000Z',
    );
  });

  it('keeps the group and deduplicates on the original message id for a FIFO DLQ', () => {
    const record = sqsRecord('x', { queue: 'orders.fifo', groupId: 'order-7', messageId: 'mid-1' });

    const { input } = deadLetterRequest(`${DLQ}.fifo`, record, new Error('boom'));

    expect(input.MessageGroupId).toBe('order-7');
    expect(input.MessageDeduplicationId).toBe('mid-1');
  });

  it('copies original attributes while they fit and names the ones left out', () => {
    const messageAttributes: SQSRecord['messageAttributes'] = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => [key, { dataType: 'String', stringValue: key }]),
    );
    messageAttributes.g = { dataType: 'Binary', binaryValue: Buffer.from('bin').toString('base64') };
    const record = sqsRecord('x', { messageAttributes });

    const { input, droppedAttributes } = deadLetterRequest(DLQ, record, new Error('boom'));

    expect(Object.keys(input.MessageAttributes ?? {})).toHaveLength(10);
    expect(input.MessageAttributes?.a).toEqual({ DataType: 'String', StringValue: 'a' });
    expect(droppedAttributes).toEqual(['e', 'f', 'g']);
  });

  it('converts a binary attribute from base64', () => {
    const record = sqsRecord('x', {
      messageAttributes: { blob: { dataType: 'Binary', binaryValue: Buffer.from('raw').toString('base64') } },
    });

    const { input } = deadLetterRequest(DLQ, record, new Error('boom'));

    expect(Buffer.from(input.MessageAttributes?.blob?.BinaryValue ?? []).toString()).toBe('raw');
  });

  it('replaces failure attributes left from an earlier dead-lettering', () => {
    const record = sqsRecord('x', {
      messageAttributes: { [FAILURE_ATTRIBUTES.errorName]: { dataType: 'String', stringValue: 'OldError' } },
    });

    const { input } = deadLetterRequest(DLQ, record, new Error('new'));

    expect(input.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('Error');
  });

  it('passes the X-Ray trace header on', () => {
    const record = sqsRecord('x');
    record.attributes.AWSTraceHeader = 'Root=1-abc';

    const { input } = deadLetterRequest(DLQ, record, new Error('boom'));

    expect(input.MessageSystemAttributes?.AWSTraceHeader?.StringValue).toBe('Root=1-abc');
  });

  it('cuts a very long error message', () => {
    const { input } = deadLetterRequest(DLQ, sqsRecord('x'), new Error('e'.repeat(10_000)));

    expect(input.MessageAttributes?.[FAILURE_ATTRIBUTES.errorMessage]?.StringValue).toHaveLength(2_048);
  });

  it('describes a thrown non-Error and an empty message', () => {
    const { input } = deadLetterRequest(DLQ, sqsRecord('x'), new Error(''));
    const nonError = deadLetterRequest(DLQ, sqsRecord('x'), 42).input;

    expect(input.MessageAttributes?.[FAILURE_ATTRIBUTES.errorMessage]?.StringValue).toBe('(no message)');
    expect(nonError.MessageAttributes?.[FAILURE_ATTRIBUTES.errorName]?.StringValue).toBe('NonError');
  });
});

describe('sendToDeadLetterQueue', () => {
  it('sends the request to SQS', async () => {
    const sqs = new FakeSqs();

    await sendToDeadLetterQueue(sqs.client, DLQ, sqsRecord('body'), new Error('boom'));

    expect(sqs.sent.map((input) => input.MessageBody)).toEqual(['body']);
  });

  it('fails when SQS refuses the message', async () => {
    const sqs = new FakeSqs();
    sqs.failSendMessage = new Error('InvalidParameterValue');

    await expect(
      sendToDeadLetterQueue(sqs.client, DLQ, sqsRecord('body'), new Error('boom')),
    ).rejects.toThrow('InvalidParameterValue');
  });
});
