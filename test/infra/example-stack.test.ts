import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessagingChecks } from '../../infra/constructs/index.ts';
import { ExampleStack } from '../../infra/example-stack.ts';
import { wildcardFindings } from './support/iam-wildcards.ts';
import { appWithoutBundling } from './support/test-app.ts';

describe('ExampleStack', () => {
  let stack: ExampleStack;
  let template: Template;

  beforeAll(() => {
    const app = appWithoutBundling();
    Aspects.of(app).add(new MessagingChecks());
    stack = new ExampleStack(app, 'FerryExample');
    template = Template.fromStack(stack);
  });

  it('uses every construct: a consumed queue, an outbox routing to it, priority lanes and a dashboard', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 5);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    expect(stack.lanes.lanes.map((lane) => lane.name)).toEqual(['urgent', 'routine']);
  });

  it('passes Ferry messaging checks with neither errors nor warnings', () => {
    const annotations = Annotations.fromStack(stack);

    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('\\[Ferry\\]'))).toEqual([]);
  });

  it('has no unacknowledged cdk-nag finding in the AwsSolutions pack', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('has no unacknowledged cdk-nag finding in the Serverless pack', () => {
    const report = new ServerlessChecks().validateScope(stack);

    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('grants no * action and no * resource beyond the X-Ray exception, and no managed policy', () => {
    expect(wildcardFindings(template.toJSON().Resources)).toEqual([]);
  });

  it('sets nodejs24.x on arm64 for every function', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    }
  });
});
