import { randomUUID } from 'node:crypto';

/** Which protocol a proxied request speaks, as the proxy tells from its headers. */
export type AwsProtocol = 'dynamodb' | 'sqs' | 'sns';

/** The kind of an injected error: throttling (4xx) or a server fault (5xx). */
export type InjectedErrorKind = 'throttle' | 'server';

/** An HTTP answer to send instead of (or after) the emulator's. */
export interface AwsErrorResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The error name the SDK will report (for logs and tests). */
  readonly errorName: string;
}

/**
 * An error as the service itself answers it, so the AWS SDK parses it into its real exception
 * class and applies its own retry rules (throttling and 5xx errors are retried by default).
 *
 * - DynamoDB (JSON 1.0): `{"__type": "com.amazonaws.dynamodb.v20120810#<Name>", "message": ...}`,
 *   HTTP 400 for `ThrottlingException` / `ProvisionedThroughputExceededException`, 500 for
 *   `InternalServerError`.
 *   @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 * - SQS (AWS JSON protocol): `__type: com.amazonaws.sqs#<Name>` in the body and
 *   `x-amzn-query-error: <Code>;<Sender|Receiver>` as a header; `RequestThrottled` (400) and
 *   `InternalFailure` (500) / `ServiceUnavailable` (503) of the common errors.
 *   @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 *   @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 * - SNS (query protocol, XML): `<ErrorResponse><Error><Type/><Code/><Message/></Error>`;
 *   `Throttled` (HTTP 429, the SDK's ThrottledException) and `InternalError` (500).
 *   @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export function awsErrorResponse(
  protocol: AwsProtocol,
  kind: InjectedErrorKind,
  variant: 0 | 1,
): AwsErrorResponse {
  const requestId = randomUUID();
  if (protocol === 'dynamodb') {
    const [statusCode, name, message] =
      kind === 'throttle'
        ? variant === 0
          ? [400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.']
          : [
              400,
              'ProvisionedThroughputExceededException',
              'The level of configured provisioned throughput for the table was exceeded.',
            ]
        : [500, 'InternalServerError', 'Internal server error'];
    return {
      statusCode,
      errorName: name,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message }),
    };
  }
  if (protocol === 'sqs') {
    const [statusCode, name, fault, message] =
      kind === 'throttle'
        ? ([400, 'RequestThrottled', 'Sender', 'Request is throttled.'] as const)
        : variant === 0
          ? ([
              500,
              'InternalFailure',
              'Receiver',
              'We encountered an internal error. Please try again.',
            ] as const)
          : ([503, 'ServiceUnavailable', 'Receiver', 'Service is unable to handle request.'] as const);
    return {
      statusCode,
      errorName: name,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': requestId,
        'x-amzn-query-error': `${name};${fault}`,
      },
      body: JSON.stringify({ __type: `com.amazonaws.sqs#${name}`, message }),
    };
  }
  const [statusCode, code, type, message] =
    kind === 'throttle'
      ? ([429, 'Throttled', 'Sender', 'Rate exceeded'] as const)
      : ([500, 'InternalError', 'Receiver', 'Internal error'] as const);
  return {
    statusCode,
    // The SDK's classes for these codes (client-sns's error schemas).
    errorName: code === 'Throttled' ? 'ThrottledException' : 'InternalErrorException',
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      `<Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
