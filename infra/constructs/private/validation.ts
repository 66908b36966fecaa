import { type Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Prop checks shared by the constructs. Each throws (so synth fails) with the construct path, the
 * prop, the value received and what is allowed. Unresolved tokens are skipped: their value is only
 * known at deploy time.
 */

/** Throws unless `value` is an integer in `[min, max]`. */
export function checkInteger(
  scope: IConstruct,
  name: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${scope.node.path}: ${name} must be an integer between ${min} and ${max}, got ${value}. Pass a value in that range.`,
    );
  }
}

/** Throws unless `value` lies in `[minSeconds, maxSeconds]`. */
export function checkDuration(
  scope: IConstruct,
  name: string,
  value: Duration | undefined,
  minSeconds: number,
  maxSeconds: number,
): void {
  if (value === undefined || value.isUnresolved()) return;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < minSeconds || seconds > maxSeconds) {
    throw new Error(
      `${scope.node.path}: ${name} must be a whole number of seconds between ${minSeconds} and ${maxSeconds}, got ${value.toHumanString()}. Pass a Duration in that range.`,
    );
  }
}

/** The value in seconds, or undefined when it is a token (unknown until deploy). */
export function knownSeconds(value: Duration | undefined): number | undefined {
  if (value === undefined || value.isUnresolved()) return undefined;
  return value.toSeconds({ integral: false });
}
