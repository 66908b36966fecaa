import { type Command, InvalidArgumentError } from 'commander';
import type { TargetOptions } from '../target.ts';

/** Options every command takes. */
export interface CommonOptions extends TargetOptions {
  /** One JSON document on stdout instead of text, for scripts. */
  readonly json?: boolean;
}

/** Adds the options every command takes: output form and where to work. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON document instead of text (for scripts)')
    .option('--stack <name>', 'CloudFormation stack to read resources from (AWS or LocalStack)')
    .option('--endpoint <url>', 'AWS endpoint for every service, e.g. http://localhost:4566 for LocalStack')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option(
      '--local <url>',
      'URL of a running local cloud (default: http://localhost:PORT, PORT or 3000, tried by itself)',
    );
}

/** Parses a whole number at least `min`, for commander options. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min)
      throw new InvalidArgumentError(`expected a whole number of at least ${min}, got ${value}`);
    return parsed;
  };
}

/** Parses an ISO 8601 time, for commander options. */
export function isoTime(value: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()))
    throw new InvalidArgumentError(`expected an ISO 8601 time such as 2026-11-28T03:00:00Z, got ${value}`);
  return parsed;
}
