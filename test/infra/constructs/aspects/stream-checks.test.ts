import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessagingChecks } from '../../../../infra/constructs/aspects/messaging-checks.ts';
import { errorsOn } from '../../support/annotations.ts';
import { plainFunction } from '../../support/plain-function.ts';

function streamTable(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    stream: dynamodb.StreamViewType.NEW_IMAGE,
  });
}

function mappingOf(fn: lambda.Function): Construct {
  const mapping = fn.node.children.find((child) => child instanceof lambda.EventSourceMapping);
  if (mapping === undefined) throw new Error(`${fn.node.path} has no event source mapping`);
  return mapping.node.defaultChild as Construct;
}

const SAFE = {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
};

function buildFixtures(stack: Stack) {
  const consumer = (id: string, table: dynamodb.Table, props: Partial<typeof SAFE>) => {
    const fn = plainFunction(stack, id);
    fn.addEventSource(new DynamoEventSource(table, { ...SAFE, ...props }));
    return mappingOf(fn);
  };
  const defaults = plainFunction(stack, 'Defaults');
  defaults.addEventSource(
    new DynamoEventSource(streamTable(stack, 'DefaultsTable'), {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    }),
  );
  const crowded = streamTable(stack, 'CrowdedTable');
  const minusOne = streamTable(stack, 'MinusOneTable');
  const shared = streamTable(stack, 'PairTable');
  return {
    defaults: mappingOf(defaults),
    safe: consumer('Safe', streamTable(stack, 'SafeTable'), {}),
    bisectOff: consumer('BisectOff', streamTable(stack, 'BisectOffTable'), { bisectBatchOnError: false }),
    crowded: [1, 2, 3].map((n) => consumer(`Crowded${n}`, crowded, {})),
    pair: [1, 2].map((n) => consumer(`Pair${n}`, shared, {})),
    minusOne: new lambda.CfnEventSourceMapping(stack, 'MinusOne', {
      eventSourceArn: minusOne.tableStreamArn,
      functionName: plainFunction(stack, 'MinusOneFn').functionName,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: true,
    }),
    imported: new lambda.CfnEventSourceMapping(stack, 'Imported', {
      eventSourceArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000',
      functionName: plainFunction(stack, 'ImportedFn').functionName,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 5,
      maximumRecordAgeInSeconds: 3600,
    }),
  };
}

describe('MessagingChecks on DynamoDB streams (plain CDK)', () => {
  let fixtures: ReturnType<typeof buildFixtures>;

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'Streams');
    fixtures = buildFixtures(stack);
    Aspects.of(app).add(new MessagingChecks());
    app.synth();
  });

  it('fails a mapping left at the defaults: unbounded retries, unbounded record age, bisect off', () => {
    const errors = errorsOn(fixtures.defaults);

    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^\[Ferry\] Streams\/Defaults\/DynamoDBEventSource:StreamsDefaultsTable[0-9A-F]+\/Resource: DynamoDB stream mapping retries a failing batch without limit \(MaximumRetryAttempts -1\), blocking its shard for up to 24 hours\. Fix: set retryAttempts/,
    );
    expect(errors[1]).toContain(
      'keeps retrying records of any age (MaximumRecordAgeInSeconds -1). Fix: set maxRecordAge (for example 6 hours)',
    );
    expect(errors[2]).toContain(
      'without BisectBatchOnFunctionError; one poison record fails its whole batch on every retry. Fix: set bisectBatchOnError: true.',
    );
  });

  it('leaves a mapping with bounded retries and age and bisect on alone', () => {
    expect(errorsOn(fixtures.safe)).toEqual([]);
  });

  it('fails a mapping with bisect explicitly off', () => {
    expect(errorsOn(fixtures.bisectOff)).toEqual([
      expect.stringContaining('without BisectBatchOnFunctionError'),
    ]);
  });

  it('fails an L1 mapping that sets retries and record age to -1', () => {
    expect(errorsOn(fixtures.minusOne)).toEqual([
      expect.stringContaining(
        'Streams/MinusOne: DynamoDB stream mapping retries a failing batch without limit',
      ),
      expect.stringContaining('Streams/MinusOne: DynamoDB stream mapping keeps retrying records of any age'),
    ]);
  });

  it('checks a mapping on an imported stream ARN', () => {
    expect(errorsOn(fixtures.imported)).toEqual([
      expect.stringContaining('without BisectBatchOnFunctionError'),
    ]);
  });

  it('fails every mapping of a table stream with three readers', () => {
    for (const mapping of fixtures.crowded) {
      expect(errorsOn(mapping)).toEqual([
        expect.stringContaining(
          `[Ferry] ${mapping.node.path}: the stream of Streams/CrowdedTable/Resource has 3 event source mappings (`,
        ),
      ]);
    }
    expect(errorsOn(fixtures.crowded[0] as Construct)[0]).toContain(
      'DynamoDB Streams serves at most 2 readers per shard. Fix: fan out from one mapping',
    );
  });

  it('accepts two readers on one table stream', () => {
    expect(fixtures.pair.flatMap((mapping) => errorsOn(mapping))).toEqual([]);
  });
});
