import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The AWS SDK clients provisioning talks to: the emulators, as `AWS_ENDPOINT_URL_*` points them. */
export interface EmulatorClients {
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
}

/**
 * Clients configured from the environment (as local/emulators `emulatorEnv()` sets it), created on
 * first use. `destroy()` closes the ones that were created.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function emulatorClients(): EmulatorClients & { destroy(): void } {
  let sqs: SQSClient | undefined;
  let dynamodb: DynamoDBClient | undefined;
  let sns: SNSClient | undefined;
  return {
    get sqs() {
      sqs ??= new SQSClient({});
      return sqs;
    },
    get dynamodb() {
      dynamodb ??= new DynamoDBClient({});
      return dynamodb;
    },
    get sns() {
      sns ??= new SNSClient({});
      return sns;
    },
    destroy() {
      sqs?.destroy();
      dynamodb?.destroy();
      sns?.destroy();
    },
  };
}
