import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { TransactionalOutboxProps } from '../transactional-outbox.ts';

/**
 * The outbox table in the layout the runtime writes: partition key `pk`, sort key `sk`, TTL
 * attribute `ttl`, stream NEW_IMAGE (the relay publishes the item as written), on demand, PITR.
 */
export function createOutboxTable(scope: Construct, props: TransactionalOutboxProps): dynamodb.Table {
  return new dynamodb.Table(scope, 'Table', {
    tableName: props.tableName,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: 'ttl',
    stream: dynamodb.StreamViewType.NEW_IMAGE,
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}

/** The table's stream ARN; tables made by {@link createOutboxTable} always have one. */
export function streamArnOf(table: dynamodb.Table): string {
  if (table.tableStreamArn === undefined) {
    throw new Error(
      `${table.node.path}: the outbox table has no stream ARN; this is a bug in Ferry, please report it.`,
    );
  }
  return table.tableStreamArn;
}

/** The standard queue (14 days) where events that can never be published are parked for replay. */
export function createRelayDeadLetterQueue(scope: Construct): sqs.Queue {
  const queue = new sqs.Queue(scope, 'RelayDeadLetterQueue', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(queue).acknowledge({
      id,
      reason:
        'The relay DLQ is itself the terminal queue for events that can never be published; operators replay from it, and an alarm fires when it is not empty.',
    });
  }
  return queue;
}

/**
 * Stream reads scoped to one stream ARN. CDK's `grantStreamRead` adds `ListStreams` on `*`; the
 * DynamoDB guide scopes all four actions to the table's streams.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html
 */
export function grantStreamRead(grantee: iam.IGrantable, streamArn: string, listStreams: boolean): iam.Grant {
  const actions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
  return iam.Grant.addToPrincipal({
    grantee,
    actions: listStreams ? [...actions, 'dynamodb:ListStreams'] : actions,
    resourceArns: [streamArn],
  });
}
