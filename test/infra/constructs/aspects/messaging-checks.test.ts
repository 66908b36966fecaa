import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { MessagingChecks } from '../../../../infra/constructs/aspects/messaging-checks.ts';
import { errorsOn } from '../../support/annotations.ts';

function misconfiguredStack(app: App, id: string): { stack: Stack; source: sqs.CfnQueue } {
  const stack = new Stack(app, id);
  const dlq = new sqs.Queue(stack, 'Dlq', { retentionPeriod: Duration.days(4) });
  const source = new sqs.Queue(stack, 'Source', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
  return { stack, source: source.node.defaultChild as sqs.CfnQueue };
}

describe('MessagingChecks', () => {
  it('adds itself to a stack only once, however often applyTo is called', () => {
    const app = new App();
    const stack = new Stack(app, 'Once');

    MessagingChecks.applyTo(stack);
    MessagingChecks.applyTo(new sqs.Queue(stack, 'Queue'));

    expect(Aspects.of(stack).all.filter((aspect) => aspect instanceof MessagingChecks)).toHaveLength(1);
  });

  it('reports a finding once when added to both the app and the stack', () => {
    const app = new App();
    const { stack, source } = misconfiguredStack(app, 'Twice');
    Aspects.of(app).add(new MessagingChecks());
    MessagingChecks.applyTo(stack);

    app.synth();

    expect(errorsOn(source)).toHaveLength(1);
  });

  it('checks nothing in a stack it was not added to', () => {
    const app = new App();
    const { source } = misconfiguredStack(app, 'Unchecked');

    app.synth();

    expect(errorsOn(source)).toEqual([]);
  });
});
