/**
 * Errors of the operations CLI. Each one carries the process exit code it ends the command with
 * and a message that says what to do next.
 */

/** A failure of the operations CLI: exit code 1 unless a subclass says otherwise. */
export class OpsError extends Error {
  override readonly name: string = 'OpsError';
  /** The exit code the CLI ends with. */
  readonly exitCode: number = 1;
}

/** The command line itself is wrong (unknown option, missing argument, bad value): exit code 2. */
export class UsageError extends OpsError {
  override readonly name: string = 'UsageError';
  override readonly exitCode: number = 2;
}

/** The queue asked for does not exist where the CLI looked. */
export class UnknownQueueError extends OpsError {
  override readonly name: string = 'UnknownQueueError';
}

/** The queue exists but is not a dead-letter queue. */
export class NotDeadLetterQueueError extends OpsError {
  override readonly name: string = 'NotDeadLetterQueueError';
}

/**
 * Says what to do when an AWS SDK error is one a person can fix (credentials, region, endpoint),
 * or `undefined` for every other error.
 */
export function adviceFor(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'CredentialsProviderError' || /credential/i.test(error.message))
    return 'no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`';
  if (/region is missing/i.test(error.message)) return 'no AWS region: set AWS_REGION or pass --region';
  if (['ECONNREFUSED', 'ENOTFOUND'].includes((error as NodeJS.ErrnoException).code ?? ''))
    return `cannot reach the endpoint (${error.message}): check --endpoint, or start the local cloud with \`npm start\``;
  if (error.name === 'ExpiredToken' || error.name === 'ExpiredTokenException')
    return 'the AWS session token has expired: log in again (e.g. `aws sso login`)';
  return undefined;
}
