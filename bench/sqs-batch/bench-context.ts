import type { Context } from 'aws-lambda';

/**
 * A Lambda context whose remaining time is computed from a deadline, as the real one is, so the
 * implementations that read it pay what they would pay in Lambda. No imports: the cold-start
 * probe loads this before it times a bundle.
 */
export function benchContext(timeoutMillis = 15 * 60_000): Context {
  const deadlineMillis = Date.now() + timeoutMillis;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench-consumer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-consumer',
    memoryLimitInMB: '1024',
    awsRequestId: 'bench-request',
    logGroupName: '/aws/lambda/bench-consumer',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => deadlineMillis - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
