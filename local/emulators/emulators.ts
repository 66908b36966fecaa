import { join } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type SqsEmulator, startSqsEmulator } from './fauxqs.ts';

/** Options for {@link startEmulators}. */
export interface EmulatorsOptions {
  /**
   * Persist DynamoDB tables (in `<dir>/dynamodb`) and SQS queues (in `<dir>/sqs`) across runs.
   * @default - both in memory
   */
  readonly persistDir?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/** A running DynamoDB Local + fauxqs pair. */
export interface Emulators {
  readonly dynamodb: DynamoDbLocal;
  readonly sqs: SqsEmulator;
  readonly region: string;
  /** The environment that points AWS SDK v3 clients at these emulators. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops both; resolves when no emulator process is left. */
  stop(): Promise<void>;
}

/**
 * The environment variables AWS SDK v3 reads to reach the emulators: service-specific endpoints
 * (`AWS_ENDPOINT_URL_<SERVICE>`), a region and dummy credentials (the emulators accept any).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function emulatorEnv(
  dynamodbEndpoint: string,
  sqsEndpoint: string,
  region: string,
): Record<string, string> {
  // The SQS endpoint takes the host fauxqs puts in queue URLs, so the SDK never has two to choose from.
  const queueHost = new URL(sqsEndpoint);
  queueHost.hostname = `sqs.${region}.localhost`;
  return {
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: queueHost.origin,
    AWS_ENDPOINT_URL_SNS: sqsEndpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/** Starts DynamoDB Local and fauxqs side by side, each on a free loopback port. */
export async function startEmulators(options: EmulatorsOptions = {}): Promise<Emulators> {
  const region = options.region ?? 'us-east-1';
  const persist = options.persistDir;
  const [dynamodb, sqs] = await Promise.allSettled([
    startDynamoDbLocal(persist ? { persistDir: join(persist, 'dynamodb') } : {}),
    startSqsEmulator(persist ? { persistDir: join(persist, 'sqs'), region } : { region }),
  ]);
  if (dynamodb.status === 'rejected' || sqs.status === 'rejected') {
    await Promise.all([
      dynamodb.status === 'fulfilled' ? dynamodb.value.stop() : undefined,
      sqs.status === 'fulfilled' ? sqs.value.stop() : undefined,
    ]);
    throw dynamodb.status === 'rejected' ? dynamodb.reason : (sqs as PromiseRejectedResult).reason;
  }
  return {
    dynamodb: dynamodb.value,
    sqs: sqs.value,
    region,
    env: emulatorEnv(dynamodb.value.endpoint, sqs.value.endpoint, region),
    stop: async () => {
      await Promise.all([dynamodb.value.stop(), sqs.value.stop()]);
    },
  };
}
