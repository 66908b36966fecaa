import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What {@link compressTime} changed, for the report. */
export interface TimeCompression {
  readonly timeScale: number;
  /** Logical id to the new function timeout, in seconds. */
  readonly functionTimeoutsSeconds: Record<string, number>;
  /** Logical id to the new queue visibility timeout, in seconds. */
  readonly visibilityTimeoutsSeconds: Record<string, number>;
}

/** Environment variable the constructs set on every queue consumer (and only there). */
const CONSUMER_MARKER = 'FERRY_BACKOFF_CAP_SECONDS';

/**
 * Shortens the clocks of a synthesized cloud assembly in place, for the audit: every queue
 * consumer's timeout and every queue's visibility timeout are multiplied by `timeScale` (whole
 * seconds, at least 2). The proportions that matter stay those of the template: a visibility
 * timeout remains 6 x its consumer's timeout, so a killed invocation's message still comes back only
 * after the idempotency lock of that invocation (which lasts its remaining time) has expired.
 * The HTTP API and the relays keep their timeouts.
 */
export async function compressTime(assemblyDir: string, timeScale: number): Promise<TimeCompression> {
  if (!(timeScale > 0 && timeScale <= 1)) {
    throw new RangeError(`timeScale must be in (0, 1], got ${timeScale}`);
  }
  const scaled = (seconds: number) => Math.max(2, Math.round(seconds * timeScale));
  const functionTimeoutsSeconds: Record<string, number> = {};
  const visibilityTimeoutsSeconds: Record<string, number> = {};
  for (const file of await readdir(assemblyDir)) {
    if (!file.endsWith('.template.json')) continue;
    const path = join(assemblyDir, file);
    const template = JSON.parse(await readFile(path, 'utf8')) as {
      Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const props = resource.Properties;
      if (!props) continue;
      if (resource.Type === 'AWS::Lambda::Function' && typeof props.Timeout === 'number') {
        const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables;
        if (variables?.[CONSUMER_MARKER] === undefined) continue;
        const timeout = scaled(props.Timeout);
        props.Timeout = timeout;
        functionTimeoutsSeconds[logicalId] = timeout;
      }
      if (resource.Type === 'AWS::SQS::Queue' && typeof props.VisibilityTimeout === 'number') {
        const visibility = scaled(props.VisibilityTimeout);
        props.VisibilityTimeout = visibility;
        visibilityTimeoutsSeconds[logicalId] = visibility;
      }
    }
    await writeFile(path, JSON.stringify(template, null, 1));
  }
  return { timeScale, functionTimeoutsSeconds, visibilityTimeoutsSeconds };
}
