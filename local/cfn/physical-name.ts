import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A token that looks random but derives from a hash of stack and logical id: a re-run against
 * persisted emulators finds the same queue or table again, and ids stay the same across runs.
 */
export function stableToken(stackName: string, logicalId: string, length: number): string {
  const digest = createHash('sha256').update(`${stackName}/${logicalId}`).digest();
  return [...digest.subarray(0, length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** Options for {@link physicalName}. */
export interface PhysicalNameOptions {
  /** The longest name the service accepts, suffix included. */
  readonly maxLength: number;
  /** Appended after the generated part, such as `.fifo`. @default '' */
  readonly suffix?: string;
  /** Letters of the stable random part. @default 12 */
  readonly randomLength?: number;
  /** Lower-case the name (some services accept no capitals). @default false */
  readonly lowerCase?: boolean;
}

/**
 * The name CloudFormation gives a resource whose name property is unset: `<stack>-<logicalId>-<random>`,
 * with stack name and logical id shortened to fit the service's length limit.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 */
export function physicalName(stackName: string, logicalId: string, options: PhysicalNameOptions): string {
  const suffix = options.suffix ?? '';
  const random = stableToken(stackName, logicalId, options.randomLength ?? 12);
  const room = Math.max(2, options.maxLength - suffix.length - random.length - 2);
  // Each part gets half the room; a part shorter than its half leaves the rest to the other.
  const stackLength = Math.min(stackName.length, Math.max(Math.floor(room / 2), room - logicalId.length));
  const stackPart = stackName.slice(0, stackLength);
  const logicalPart = logicalId.slice(0, room - stackLength);
  const name = `${stackPart}-${logicalPart}-${random}${suffix}`;
  return options.lowerCase ? name.toLowerCase() : name;
}
