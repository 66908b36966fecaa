import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltLane, PriorityLanes } from '../../../infra/constructs/priority-lanes.ts';
import { logicalId, ref } from '../support/logical-id.ts';
import { plainFunction } from '../support/plain-function.ts';
import { appWithoutBundling, FIXTURE_ENTRY } from '../support/test-app.ts';

function lane(built: PriorityLanes, index: number): BuiltLane {
  const found = built.lanes[index];
  if (found === undefined) throw new Error(`no lane ${index}`);
  return found;
}

describe('PriorityLanes', () => {
  let lanes: PriorityLanes;
  let custom: PriorityLanes;
  let producer: lambda.Function;
  let resources: Record<string, { Properties: Record<string, unknown> }>;

  beforeAll(() => {
    const stack = new Stack(appWithoutBundling(), 'Lanes');
    lanes = new PriorityLanes(stack, 'Notifications', {
      entry: FIXTURE_ENTRY,
      timeout: Duration.seconds(10),
    });
    custom = new PriorityLanes(stack, 'Reports', {
      entry: FIXTURE_ENTRY,
      totalConcurrency: 10,
      reserveConcurrency: true,
      maxReceiveCount: 12,
      lanes: [
        { name: 'vip', weight: 1, ageOfOldestMessageSlo: Duration.minutes(1) },
        { name: 'bulk-import', weight: 1, ageOfOldestMessageSlo: Duration.hours(1) },
      ],
    });
    producer = plainFunction(stack, 'Producer');
    lanes.grantSend(producer);
    resources = Template.fromStack(stack).toJSON().Resources;
  });

  const propsOf = (construct: Parameters<typeof logicalId>[0]) =>
    resources[logicalId(construct)]?.Properties ?? {};

  it('creates an urgent and a routine lane by default, each a queue with its own consumer', () => {
    expect(lanes.lanes.map((lane) => lane.name)).toEqual(['urgent', 'routine']);
    for (const lane of lanes.lanes) {
      expect(propsOf(lane.consumer.eventSourceMapping).EventSourceArn).toEqual({
        'Fn::GetAtt': [logicalId(lane.queue.queue), 'Arn'],
      });
    }
  });

  it('gives every lane the same consumer settings', () => {
    const settings = lanes.lanes.map((lane) => {
      const { Handler, Timeout, MemorySize, Runtime } = propsOf(lane.consumer.lambdaFunction);
      return { Handler, Timeout, MemorySize, Runtime };
    });

    expect(settings).toEqual([
      { Handler: 'index.handler', Timeout: 10, MemorySize: 512, Runtime: 'nodejs24.x' },
      { Handler: 'index.handler', Timeout: 10, MemorySize: 512, Runtime: 'nodejs24.x' },
    ]);
  });

  it('splits 20 concurrent batches 15 / 5 by the default weights 3 / 1', () => {
    expect(lanes.lanes.map((lane) => propsOf(lane.consumer.eventSourceMapping).ScalingConfig)).toEqual([
      { MaximumConcurrency: 15 },
      { MaximumConcurrency: 5 },
    ]);
  });

  it('reserves each lane its share when reserveConcurrency is on', () => {
    expect(
      custom.lanes.map((lane) => propsOf(lane.consumer.lambdaFunction).ReservedConcurrentExecutions),
    ).toEqual([5, 5]);
    expect(propsOf(lane(lanes, 0).consumer.lambdaFunction).ReservedConcurrentExecutions).toBeUndefined();
  });

  it('passes maxReceiveCount to every lane queue, 5 when not given', () => {
    const receives = (built: PriorityLanes) =>
      built.lanes.map(
        (l) => (propsOf(l.queue.queue).RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount,
      );
    expect(receives(custom)).toEqual([12, 12]);
    expect(receives(lanes)).toEqual([5, 5]);
  });

  it("alarms on each lane's own age SLO", () => {
    expect(lanes.lanes.map((lane) => lane.queue.ageOfOldestMessageSlo.toSeconds())).toEqual([60, 900]);
    expect(custom.lanes.map((lane) => lane.queue.ageOfOldestMessageSlo.toSeconds())).toEqual([60, 3600]);
  });

  it('gives a grantee send on every lane and sets FERRY_LANE_URLS on a function', () => {
    const variables = (propsOf(producer).Environment as { Variables: Record<string, unknown> }).Variables;

    expect(variables.FERRY_LANE_URLS).toEqual({
      'Fn::Join': [
        '',
        [
          '{"urgent":"',
          ref(lane(lanes, 0).queue.queue),
          '","routine":"',
          ref(lane(lanes, 1).queue.queue),
          '"}',
        ],
      ],
    });
  });

  it('exposes the lane URLs as an environment map for producers defined elsewhere', () => {
    expect(Object.keys(custom.laneUrlsEnv())).toEqual(['FERRY_LANE_URLS']);
  });

  it('contributes a queue and a consumer section per lane', () => {
    expect(lanes.monitoringSections().map((section) => section.title)).toEqual([
      'Queue Lanes/Notifications/UrgentQueue',
      'Consumer Lanes/Notifications/UrgentConsumer',
      'Queue Lanes/Notifications/RoutineQueue',
      'Consumer Lanes/Notifications/RoutineConsumer',
    ]);
  });
});
