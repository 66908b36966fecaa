import { Logger } from '@aws-lambda-powertools/logger';

/** Extra keys of one log line. */
export type LogAttributes = Record<string, unknown>;

/**
 * The logging the consumer needs: a Powertools `Logger` fits, and so does any object with these
 * methods (a silent one in benchmarks, a spy in tests).
 */
export interface ConsumerLogger {
  debug(message: string, ...attributes: LogAttributes[]): void;
  info(message: string, ...attributes: LogAttributes[]): void;
  warn(message: string, ...attributes: LogAttributes[]): void;
  error(message: string, ...attributes: LogAttributes[]): void;
}

let shared: Logger | undefined;

/**
 * The process-wide Powertools Logger used when no logger is passed, created on first use (not at
 * import) with its settings from the `POWERTOOLS_*` environment variables.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/logger/
 */
export function defaultLogger(): Logger {
  shared ??= new Logger();
  return shared;
}
