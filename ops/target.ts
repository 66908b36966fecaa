import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { resolveLocalhostSubdomains } from '../local/emulators/loopback-dns.ts';
import {
  defaultLocalCloudUrl,
  fetchLocalCloudResources,
  isLocalCloudRunning,
} from './discovery/local-cloud-client.ts';
import { outboxesOfFunctions } from './discovery/relay-outboxes.ts';
import { listStackResources, type OutboxRef, type StackResources } from './discovery/stack-resources.ts';
import { cloudWatchAgeReader, localCloudAgeReader, type OldestAgeReader } from './dlq/oldest-age.ts';
import { OpsError, UsageError } from './errors.ts';

/** Options every command takes: where to work. */
export interface TargetOptions {
  /** AWS endpoint for every service (LocalStack), instead of the SDK's default or AWS_ENDPOINT_URL_*. */
  readonly endpoint?: string;
  readonly region?: string;
  /** URL of a local cloud; without it the CLI tries http://localhost:${PORT:-3000}. */
  readonly local?: string;
  /** CloudFormation stack name (AWS or LocalStack). */
  readonly stack?: string;
}

/** Where a command works: the clients to use and how to find the stack's resources. */
export interface Target {
  /** Said to the person: "local cloud at http://localhost:3000", "AWS", "http://localhost:4566". */
  readonly description: string;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  /** ApproximateAgeOfOldestMessage per queue: CloudWatch on AWS and LocalStack, /_local/metrics locally. */
  readonly oldestAges: OldestAgeReader;
  /** The stack's queues and tables; fails when no stack was named and no local cloud runs. */
  resources(): Promise<StackResources>;
  /** The stack's outbox tables with their relays' routes. */
  outboxes(): Promise<readonly OutboxRef[]>;
}

/**
 * Decides where to work. `--endpoint` or `--stack` mean AWS or LocalStack. Otherwise a local cloud
 * answering at `--local` (or the default URL) wins, and the CLI takes its emulators' endpoints and
 * dummy credentials; with none running, the standard AWS chain (env, profile, SSO) applies.
 */
export async function resolveTarget(options: TargetOptions): Promise<Target> {
  if (!options.endpoint && !options.stack) {
    const url = options.local ?? defaultLocalCloudUrl();
    if (await isLocalCloudRunning(url)) {
      const local = await fetchLocalCloudResources(url);
      Object.assign(process.env, local.environment);
      // fauxqs queue URLs name sqs.<region>.localhost hosts.
      resolveLocalhostSubdomains();
      return {
        description: `local cloud at ${url}`,
        sqs: new SQSClient({}),
        dynamodb: new DynamoDBClient({}),
        oldestAges: localCloudAgeReader(url),
        resources: async () => local,
        outboxes: async () => local.outboxes,
      };
    }
    if (options.local)
      throw new OpsError(
        `no local cloud answers at ${options.local}: start it with \`npm start\`, or check --local`,
      );
  }
  // Names under .localhost (fauxqs queue URLs behind --endpoint) resolve to loopback; others are untouched.
  resolveLocalhostSubdomains();
  const config = { endpoint: options.endpoint, region: options.region };
  const stack = options.stack;
  const resources = async () => {
    if (!stack)
      throw new UsageError(
        'no stack to read: pass --stack NAME (AWS or LocalStack), or start the local cloud with `npm start`',
      );
    return listStackResources(new CloudFormationClient(config), stack);
  };
  return {
    description: options.endpoint ?? 'AWS',
    sqs: new SQSClient(config),
    dynamodb: new DynamoDBClient(config),
    oldestAges: cloudWatchAgeReader(new CloudWatchClient(config)),
    resources,
    outboxes: async () => outboxesOfFunctions(new LambdaClient(config), (await resources()).functions ?? []),
  };
}
