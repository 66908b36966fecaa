/**
 * The account id every local ARN and queue URL carries, as fauxqs uses it.
 */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * CloudFormation's pseudo parameters, as the local cloud answers them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
export interface PseudoParameters {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
  readonly stackId: string;
}

/** The pseudo parameters of one local stack: account `000000000000`, partition `aws`. */
export function pseudoParameters(stackName: string, region: string): PseudoParameters {
  return {
    region,
    accountId: LOCAL_ACCOUNT_ID,
    partition: 'aws',
    urlSuffix: 'amazonaws.com',
    stackName,
    // A stable id (no random uuid) so that a re-run resolves to the same values.
    stackId: `arn:aws:cloudformation:${region}:${LOCAL_ACCOUNT_ID}:stack/${stackName}/local`,
  };
}

/** The value of a pseudo parameter `Ref`, or `undefined` when the name is not one. */
export function pseudoParameter(name: string, pseudo: PseudoParameters): unknown {
  switch (name) {
    case 'AWS::Region':
      return pseudo.region;
    case 'AWS::AccountId':
      return pseudo.accountId;
    case 'AWS::Partition':
      return pseudo.partition;
    case 'AWS::URLSuffix':
      return pseudo.urlSuffix;
    case 'AWS::StackName':
      return pseudo.stackName;
    case 'AWS::StackId':
      return pseudo.stackId;
    case 'AWS::NotificationARNs':
      return [];
    default:
      return undefined;
  }
}
