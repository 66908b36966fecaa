import {
  type CloudFormationClient,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { OpsError } from '../errors.ts';

/** A queue of a stack, as the CLI knows it. */
export interface QueueRef {
  /** Logical id in the template, when the queue came from a stack. */
  readonly logicalId?: string;
  readonly url: string;
}

/** A DynamoDB table of a stack. */
export interface TableRef {
  readonly logicalId: string;
  readonly name: string;
}

/** A Lambda function of a stack. */
export interface FunctionRef {
  readonly logicalId: string;
  /** The function's name (its physical id). */
  readonly name: string;
}

/** An outbox table and the routes its relay publishes through. */
export interface OutboxRef {
  readonly table: string;
  /** JSON of the relay's routes, as in FERRY_OUTBOX_ROUTES. */
  readonly routes: string;
}

/** The queues and tables of the stacks the CLI works on. */
export interface StackResources {
  readonly queues: readonly QueueRef[];
  readonly tables: readonly TableRef[];
  /** The stack's functions (from CloudFormation; the local cloud lists its outboxes instead). */
  readonly functions?: readonly FunctionRef[];
  /** Known on the local cloud (the relay's resolved environment). */
  readonly outboxes?: readonly OutboxRef[];
}

/** Keeps the queues, tables and functions out of a list of stack resources. */
export function stackResourcesOf(summaries: readonly StackResourceSummary[]): StackResources {
  const queues: QueueRef[] = [];
  const tables: TableRef[] = [];
  const functions: FunctionRef[] = [];
  for (const summary of summaries) {
    const logicalId = summary.LogicalResourceId ?? '';
    const physicalId = summary.PhysicalResourceId;
    if (!physicalId) continue;
    // A queue's physical id is its URL; a table's is its name.
    // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values
    if (summary.ResourceType === 'AWS::SQS::Queue') queues.push({ logicalId, url: physicalId });
    if (summary.ResourceType === 'AWS::DynamoDB::Table') tables.push({ logicalId, name: physicalId });
    if (summary.ResourceType === 'AWS::Lambda::Function') functions.push({ logicalId, name: physicalId });
  }
  return { queues, tables, functions };
}

/**
 * Reads the queues and tables of a deployed CloudFormation stack (AWS or LocalStack), every page
 * of ListStackResources.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
 */
export async function listStackResources(
  client: CloudFormationClient,
  stackName: string,
): Promise<StackResources> {
  const summaries: StackResourceSummary[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListStackResourcesCommand({ StackName: stackName, NextToken: nextToken }),
      );
      summaries.push(...(page.StackResourceSummaries ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError')
      throw new OpsError(
        `stack ${stackName} was not found (${error.message}): check --stack, --region and the AWS account you are logged in to`,
        { cause: error },
      );
    throw error;
  }
  return stackResourcesOf(summaries);
}
