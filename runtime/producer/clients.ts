import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';

let sns: SNSClient | undefined;
let eventBridge: EventBridgeClient | undefined;

/** The process-wide SNS client used when none is passed: created on first use, never at import. */
export function defaultSnsClient(): SNSClient {
  sns ??= new SNSClient({});
  return sns;
}

/** The process-wide EventBridge client used when none is passed: created on first use, never at import. */
export function defaultEventBridgeClient(): EventBridgeClient {
  eventBridge ??= new EventBridgeClient({});
  return eventBridge;
}
