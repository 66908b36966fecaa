import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What {@link compressTime} changed, for the report. */
export interface TimeCompression {
  readonly timeScale: number;
  /** Logical id to the new queue visibility timeout, in seconds. */
  readonly visibilityTimeoutsSeconds: Record<string, number>;
}

/** Environment variable the constructs set on every queue consumer (and only there). */
const CONSUMER_MARKER = 'FERRY_BACKOFF_CAP_SECONDS';

/** Seconds a visibility timeout keeps above the longest consumer timeout. */
const VISIBILITY_MARGIN_SECONDS = 6;

interface Template {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/**
 * Shortens the clocks of a synthesized cloud assembly in place, for the audit: every queue's
 * visibility timeout is multiplied by `timeScale`, but never below the longest consumer timeout
 * plus 6 s, so a killed invocation's messages come back only after that invocation's idempotency
 * lock (which lasts its remaining time) has expired, as on AWS. Function timeouts stay as they are:
 * shortened, they time out for real on a busy machine, and each timeout discards an environment
 * whose replacement costs a cold start, which slows the pipeline further.
 */
export async function compressTime(assemblyDir: string, timeScale: number): Promise<TimeCompression> {
  if (!(timeScale > 0 && timeScale <= 1)) {
    throw new RangeError(`timeScale must be in (0, 1], got ${timeScale}`);
  }
  const files = (await readdir(assemblyDir)).filter((file) => file.endsWith('.template.json'));
  const templates = new Map<string, Template>();
  for (const file of files) {
    templates.set(file, JSON.parse(await readFile(join(assemblyDir, file), 'utf8')) as Template);
  }
  const resources = [...templates.values()].flatMap((t) => Object.entries(t.Resources ?? {}));
  const consumerTimeouts = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && isConsumer(r.Properties))
    .map(([, r]) => Number(r.Properties?.Timeout ?? 3));
  const floor = Math.max(0, ...consumerTimeouts) + VISIBILITY_MARGIN_SECONDS;
  const visibilityTimeoutsSeconds: Record<string, number> = {};
  for (const [logicalId, resource] of resources) {
    const props = resource.Properties;
    if (resource.Type !== 'AWS::SQS::Queue' || typeof props?.VisibilityTimeout !== 'number') continue;
    const visibility = Math.min(
      props.VisibilityTimeout,
      Math.max(floor, Math.round(props.VisibilityTimeout * timeScale)),
    );
    props.VisibilityTimeout = visibility;
    visibilityTimeoutsSeconds[logicalId] = visibility;
  }
  for (const [file, template] of templates) {
    await writeFile(join(assemblyDir, file), JSON.stringify(template, null, 1));
  }
  return { timeScale, visibilityTimeoutsSeconds };
}

function isConsumer(props: Record<string, unknown> | undefined): boolean {
  const variables = (props?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return variables?.[CONSUMER_MARKER] !== undefined;
}
