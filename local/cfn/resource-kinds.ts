import type { ResourceEffect, ResourceKind } from './resource-kind.ts';
import {
  iamManagedPolicy,
  iamRole,
  kmsKey,
  lambdaVersion,
  logGroup,
  plainAccepted,
  ssmParameter,
} from './resources/accepted.ts';
import { dynamodbTable } from './resources/dynamodb-table.ts';
import {
  cloudWatchAlarm,
  cloudWatchDashboard,
  eventSourceMapping,
  httpApi,
  httpApiChild,
  httpApiStage,
  lambdaFunction,
} from './resources/modelled.ts';
import { snsSubscription, snsTopic } from './resources/sns.ts';
import { sqsQueue } from './resources/sqs-queue.ts';

/**
 * Every resource type the local cloud knows, and what it does with it. A type missing here is
 * `unsupported`: it gets a generated name and a warning at start-up, never a silent skip.
 */
export const RESOURCE_KINDS: ReadonlyMap<string, ResourceKind> = new Map<string, ResourceKind>([
  ['AWS::SQS::Queue', sqsQueue],
  ['AWS::DynamoDB::Table', dynamodbTable],
  ['AWS::DynamoDB::GlobalTable', dynamodbTable],
  ['AWS::SNS::Topic', snsTopic],
  ['AWS::SNS::Subscription', snsSubscription],
  ['AWS::Lambda::Function', lambdaFunction],
  ['AWS::Lambda::EventSourceMapping', eventSourceMapping],
  ['AWS::ApiGatewayV2::Api', httpApi],
  ['AWS::ApiGatewayV2::Stage', httpApiStage],
  ['AWS::ApiGatewayV2::Route', httpApiChild('RouteId')],
  ['AWS::ApiGatewayV2::Integration', httpApiChild('IntegrationId')],
  ['AWS::ApiGatewayV2::Deployment', httpApiChild('DeploymentId')],
  ['AWS::CloudWatch::Alarm', cloudWatchAlarm],
  ['AWS::CloudWatch::CompositeAlarm', cloudWatchAlarm],
  ['AWS::CloudWatch::Dashboard', cloudWatchDashboard],
  // Accepted: no local meaning (no IAM, no encryption, logs go to the console), harmless to skip.
  ['AWS::IAM::Role', iamRole],
  ['AWS::IAM::Policy', plainAccepted],
  ['AWS::IAM::ManagedPolicy', iamManagedPolicy],
  ['AWS::Logs::LogGroup', logGroup],
  ['AWS::Lambda::Permission', plainAccepted],
  ['AWS::Lambda::Version', lambdaVersion],
  ['AWS::KMS::Key', kmsKey],
  ['AWS::KMS::Alias', plainAccepted],
  ['AWS::SQS::QueuePolicy', plainAccepted],
  ['AWS::SQS::QueueInlinePolicy', plainAccepted],
  ['AWS::SNS::TopicPolicy', plainAccepted],
  ['AWS::SNS::TopicInlinePolicy', plainAccepted],
  ['AWS::SSM::Parameter', ssmParameter],
  ['AWS::CDK::Metadata', plainAccepted],
]);

/** What the local cloud does with a resource type. */
export function resourceEffect(type: string): ResourceEffect {
  return RESOURCE_KINDS.get(type)?.effect ?? 'unsupported';
}
