import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';

/** A silent Powertools Logger whose calls are recorded. */
export function silentLogger() {
  const logger = new Logger({ serviceName: 'consumer-test', logLevel: 'SILENT' });
  return {
    logger,
    error: vi.spyOn(logger, 'error'),
    warn: vi.spyOn(logger, 'warn'),
    debug: vi.spyOn(logger, 'debug'),
  };
}

/** Powertools Metrics that record every value and what each publish flushed, printing nothing. */
export function capturedMetrics() {
  const metrics = new Metrics({ namespace: 'FerryTest', serviceName: 'consumer-test' });
  const values = new Map<string, number[]>();
  let publishes = 0;
  const addMetric = metrics.addMetric.bind(metrics);
  vi.spyOn(metrics, 'addMetric').mockImplementation((name, unit, value) => {
    values.set(name, [...(values.get(name) ?? []), value]);
    return addMetric(name, unit, value);
  });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    publishes += 1;
    metrics.clearMetrics();
    return metrics;
  });
  return {
    metrics,
    values,
    publishes: () => publishes,
    total: (name: string) => (values.get(name) ?? []).reduce((sum, value) => sum + value, 0),
  };
}

/** A Lambda context with `remaining` ms left on every call. */
export function lambdaContext(remaining = 60_000) {
  return {
    functionName: 'orders-consumer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders-consumer',
    memoryLimitInMB: '256',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/orders-consumer',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remaining,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The attribute objects passed after the message in recorded logger calls. */
export function loggedAttributes(calls: readonly (readonly unknown[])[]): Record<string, unknown>[] {
  return calls.flatMap((call) => call.slice(1)) as Record<string, unknown>[];
}
