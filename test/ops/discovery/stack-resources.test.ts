import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { listStackResources, stackResourcesOf } from '../../../ops/discovery/stack-resources.ts';

function cloudFormation(pages: readonly unknown[] | Error): CloudFormationClient {
  let call = 0;
  return {
    send: async () => {
      if (pages instanceof Error) throw pages;
      const page = pages[call];
      call += 1;
      return page;
    },
  } as unknown as CloudFormationClient;
}

describe('stackResourcesOf', () => {
  it('keeps queues by URL, tables and functions by name, and nothing else', () => {
    const resources = stackResourcesOf([
      {
        LogicalResourceId: 'OrdersDlq',
        ResourceType: 'AWS::SQS::Queue',
        PhysicalResourceId: 'https://sqs/1/orders-dlq',
      },
      {
        LogicalResourceId: 'OutboxTable',
        ResourceType: 'AWS::DynamoDB::Table',
        PhysicalResourceId: 'outbox-1',
      },
      { LogicalResourceId: 'Fn', ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: 'fn-1' },
      { LogicalResourceId: 'Role', ResourceType: 'AWS::IAM::Role', PhysicalResourceId: 'role-1' },
      { LogicalResourceId: 'Pending', ResourceType: 'AWS::SQS::Queue' },
    ] as never);

    expect(resources).toEqual({
      queues: [{ logicalId: 'OrdersDlq', url: 'https://sqs/1/orders-dlq' }],
      tables: [{ logicalId: 'OutboxTable', name: 'outbox-1' }],
      functions: [{ logicalId: 'Fn', name: 'fn-1' }],
    });
  });
});

describe('listStackResources', () => {
  it('reads every page of the stack resources', async () => {
    const client = cloudFormation([
      {
        StackResourceSummaries: [
          { LogicalResourceId: 'A', ResourceType: 'AWS::SQS::Queue', PhysicalResourceId: 'u1' },
        ],
        NextToken: 't',
      },
      {
        StackResourceSummaries: [
          { LogicalResourceId: 'B', ResourceType: 'AWS::SQS::Queue', PhysicalResourceId: 'u2' },
        ],
      },
    ]);

    const resources = await listStackResources(client, 'Shop');

    expect(resources.queues.map((queue) => queue.url)).toEqual(['u1', 'u2']);
  });

  it('throws saying what to check when the stack does not exist', async () => {
    const missing = Object.assign(new Error('Stack with id Shop does not exist'), {
      name: 'ValidationError',
    });

    const run = listStackResources(cloudFormation(missing), 'Shop');

    await expect(run).rejects.toThrow(
      /stack Shop was not found .*check --stack, --region and the AWS account/,
    );
  });
});
