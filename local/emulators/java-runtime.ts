import { spawnSync } from 'node:child_process';
import { JavaMissingError, JavaTooOldError } from './errors.ts';

/**
 * The oldest Java that DynamoDB Local 2.6+ runs on.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.DownloadingAndRunning.html
 */
export const MIN_JAVA_MAJOR = 17;

/** What `java -version` told us. */
export interface JavaRuntime {
  readonly command: string;
  readonly major: number;
  readonly versionLine: string;
}

/**
 * Parses the major version out of the first line of `java -version` (which it prints on stderr),
 * for both the modern `"17.0.15"` and the legacy `"1.8.0_392"` forms.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/**
 * Finds `java` on the given PATH and checks its version, failing at once (not with a hang or a
 * stack trace from the JVM) when it is missing or too old.
 */
export function requireJava(env: NodeJS.ProcessEnv = process.env): JavaRuntime {
  const result = spawnSync('java', ['-version'], { env, encoding: 'utf8', timeout: 15_000 });
  if (result.error) {
    throw new JavaMissingError({ cause: result.error });
  }
  const output = `${result.stderr}${result.stdout}`;
  const versionLine = output.split('\n')[0] ?? '';
  const major = parseJavaMajor(output);
  if (major === undefined) {
    throw new JavaMissingError({ cause: new Error(`unrecognised \`java -version\` output: ${versionLine}`) });
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new JavaTooOldError(major, versionLine);
  }
  return { command: 'java', major, versionLine };
}
