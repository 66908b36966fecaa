import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessagingChecks } from '../../../../infra/constructs/aspects/messaging-checks.ts';
import { errorsOn, warningsOn } from '../../support/annotations.ts';
import { plainFunction } from '../../support/plain-function.ts';

/** Plain CDK (L2 and L1) written the way a team without Ferry would, one misconfiguration each. */
function buildFixtures(stack: Stack) {
  const standardConsumer = (id: string, queueProps: sqs.QueueProps, report: boolean, window?: Duration) => {
    const queue = new sqs.Queue(stack, `${id}Queue`, queueProps);
    const fn = plainFunction(stack, `${id}Fn`, 30);
    fn.addEventSource(
      new SqsEventSource(queue, {
        reportBatchItemFailures: report,
        maxBatchingWindow: window,
        batchSize: 10,
      }),
    );
    return { queue, fn, mapping: mappingOf(fn) };
  };
  const fifoMapping = (id: string, props: Partial<lambda.CfnEventSourceMappingProps>) => {
    const queue = new sqs.CfnQueue(stack, `${id}Queue`, { fifoQueue: true, visibilityTimeout: 180 });
    const fn = plainFunction(stack, `${id}Fn`, 30);
    const mapping = new lambda.CfnEventSourceMapping(stack, `${id}Mapping`, {
      eventSourceArn: queue.attrArn,
      functionName: fn.functionName,
      functionResponseTypes: ['ReportBatchItemFailures'],
      ...props,
    });
    return { queue, mapping };
  };
  const redrive = (id: string, source: sqs.CfnQueueProps, dlq: sqs.CfnQueueProps, maxReceiveCount = 5) => {
    const target = new sqs.CfnQueue(stack, `${id}Dlq`, dlq);
    return new sqs.CfnQueue(stack, `${id}Source`, {
      ...source,
      redrivePolicy: { deadLetterTargetArn: target.attrArn, maxReceiveCount },
    });
  };
  const imported = (id: string, arn: string, props: Partial<lambda.CfnEventSourceMappingProps>) =>
    new lambda.CfnEventSourceMapping(stack, id, {
      eventSourceArn: arn,
      functionName: plainFunction(stack, `${id}Fn`).functionName,
      ...props,
    });

  return {
    reportOff: standardConsumer('ReportOff', { visibilityTimeout: Duration.minutes(5) }, false),
    healthy: standardConsumer('Healthy', { visibilityTimeout: Duration.minutes(3) }, true),
    shortVisibility: standardConsumer('Short', { visibilityTimeout: Duration.seconds(60) }, true),
    windowCounts: standardConsumer(
      'Window',
      { visibilityTimeout: Duration.seconds(200) },
      true,
      Duration.seconds(5),
    ),
    fifoBigBatch: fifoMapping('FifoBatch', { batchSize: 20 }),
    fifoWindow: fifoMapping('FifoWindow', { maximumBatchingWindowInSeconds: 2 }),
    fifoHealthy: fifoMapping('FifoHealthy', { batchSize: 10 }),
    standardToFifoDlq: redrive('KindA', {}, { fifoQueue: true }),
    fifoToStandardDlq: redrive('KindB', { fifoQueue: true }, {}),
    equalRetention: redrive(
      'Retention',
      { messageRetentionPeriod: 1_209_600 },
      { messageRetentionPeriod: 1_209_600 },
    ),
    defaultDlqRetention: redrive('DefaultRetention', {}, {}),
    longerDlq: redrive(
      'LongerDlq',
      { messageRetentionPeriod: 345_600 },
      { messageRetentionPeriod: 1_209_600 },
    ),
    fifoShortDlq: redrive('FifoShort', { fifoQueue: true }, { fifoQueue: true, messageRetentionPeriod: 60 }),
    lowReceiveCount: redrive('LowCount', {}, { messageRetentionPeriod: 1_209_600 }, 3),
    importedReportOff: imported('ImportedStandard', 'arn:aws:sqs:eu-west-1:111122223333:orders', {}),
    importedFifoBatch: imported('ImportedFifo', 'arn:aws:sqs:eu-west-1:111122223333:orders.fifo', {
      batchSize: 20,
      functionResponseTypes: ['ReportBatchItemFailures'],
    }),
  };
}

function mappingOf(fn: lambda.Function): Construct {
  const mapping = fn.node.children.find((child) => child instanceof lambda.EventSourceMapping);
  if (mapping === undefined) throw new Error(`${fn.node.path} has no event source mapping`);
  return mapping.node.defaultChild as Construct;
}

function cfnOf(queue: sqs.Queue): Construct {
  return queue.node.defaultChild as Construct;
}

describe('MessagingChecks on SQS (plain CDK)', () => {
  let fixtures: ReturnType<typeof buildFixtures>;

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'Plain');
    fixtures = buildFixtures(stack);
    Aspects.of(app).add(new MessagingChecks());
    app.synth();
  });

  it('fails a mapping without ReportBatchItemFailures, naming the path and the fix', () => {
    expect(errorsOn(fixtures.reportOff.mapping)).toEqual([
      expect.stringMatching(
        /^\[Ferry\] Plain\/ReportOffFn\/SqsEventSource:PlainReportOffQueue[0-9A-F]+\/Resource: SQS event source mapping without ReportBatchItemFailures.*Fix: set reportBatchItemFailures: true/,
      ),
    ]);
  });

  it('leaves a mapping with ReportBatchItemFailures and enough visibility alone', () => {
    expect([...errorsOn(fixtures.healthy.mapping), ...errorsOn(cfnOf(fixtures.healthy.queue))]).toEqual([]);
  });

  it('fails a queue whose visibility timeout is below 6 x the function timeout', () => {
    expect(errorsOn(cfnOf(fixtures.shortVisibility.queue))).toEqual([
      expect.stringContaining(
        'Plain/ShortQueue/Resource: visibility timeout 60 s is below 6 x (timeout 30 s of Plain/ShortFn/Resource + batching window 0 s) = 180 s',
      ),
    ]);
  });

  it('fails a queue whose visibility timeout is below 6 x (timeout + batching window)', () => {
    expect(errorsOn(cfnOf(fixtures.windowCounts.queue))).toEqual([
      expect.stringContaining(
        "= 210 s; messages in flight reappear and run twice. Fix: set the queue's visibilityTimeout to at least 210 seconds.",
      ),
    ]);
  });

  it('fails a FIFO mapping with a batch over 10', () => {
    expect(errorsOn(fixtures.fifoBigBatch.mapping)).toEqual([
      '[Ferry] Plain/FifoBatchMapping: batch size 20 on a FIFO queue; FIFO event sources take at most 10. Fix: set batchSize to 10 or less.',
    ]);
  });

  it('fails a FIFO mapping with a batching window', () => {
    expect(errorsOn(fixtures.fifoWindow.mapping)).toEqual([
      '[Ferry] Plain/FifoWindowMapping: batching window of 2 s on a FIFO queue; FIFO event sources do not support one. Fix: remove maxBatchingWindow.',
    ]);
  });

  it('leaves a FIFO mapping of 10 without a window alone', () => {
    expect([...errorsOn(fixtures.fifoHealthy.mapping), ...errorsOn(fixtures.fifoHealthy.queue)]).toEqual([]);
  });

  it('fails a standard queue whose DLQ is FIFO', () => {
    expect(errorsOn(fixtures.standardToFifoDlq)).toEqual([
      '[Ferry] Plain/KindASource: a standard queue has the FIFO queue Plain/KindADlq as its DLQ; SQS requires both to be of the same kind. Fix: make the DLQ standard.',
    ]);
  });

  it('fails a FIFO queue whose DLQ is standard', () => {
    expect(errorsOn(fixtures.fifoToStandardDlq)).toEqual([
      expect.stringContaining('a FIFO queue has the standard queue Plain/KindBDlq as its DLQ'),
    ]);
  });

  it('fails a standard DLQ that keeps messages exactly as long as its source', () => {
    expect(errorsOn(fixtures.equalRetention)).toEqual([
      expect.stringContaining(
        "Plain/RetentionSource: its standard DLQ Plain/RetentionDlq keeps messages 1209600 s, not longer than the source's 1209600 s",
      ),
    ]);
  });

  it('fails a standard DLQ left at the default retention, like its source', () => {
    expect(errorsOn(fixtures.defaultDlqRetention)).toEqual([
      expect.stringContaining("keeps messages 345600 s, not longer than the source's 345600 s"),
    ]);
  });

  it('accepts a standard DLQ that keeps messages longer than its source', () => {
    expect(errorsOn(fixtures.longerDlq)).toEqual([]);
  });

  it('accepts a FIFO DLQ with a shorter retention, since a FIFO DLQ resets the enqueue time', () => {
    expect(errorsOn(fixtures.fifoShortDlq)).toEqual([]);
  });

  it('warns, without failing, when maxReceiveCount is below 5', () => {
    expect(errorsOn(fixtures.lowReceiveCount)).toEqual([]);
    expect(warningsOn(fixtures.lowReceiveCount)).toEqual([
      expect.stringContaining(
        '[Ferry] Plain/LowCountSource: maxReceiveCount is 3; below 5, a throttled or slow attempt can send a healthy message to the DLQ. Fix: set maxReceiveCount to at least 5.',
      ),
    ]);
  });

  it('fails a mapping on an imported queue ARN without ReportBatchItemFailures', () => {
    expect(errorsOn(fixtures.importedReportOff)).toEqual([
      expect.stringContaining(
        'Plain/ImportedStandard: SQS event source mapping without ReportBatchItemFailures',
      ),
    ]);
  });

  it('recognises an imported .fifo queue ARN and fails its batch over 10', () => {
    expect(errorsOn(fixtures.importedFifoBatch)).toEqual([
      expect.stringContaining('batch size 20 on a FIFO queue'),
    ]);
  });
});
