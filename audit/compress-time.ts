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

/** Seconds a visibility timeout keeps above its consumer's timeout. */
const VISIBILITY_MARGIN_SECONDS = 6;

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

interface Template {
  Resources?: Record<string, Resource>;
}

/**
 * Shortens the clocks of a synthesized cloud assembly in place, for the audit: every queue's
 * visibility timeout is multiplied by `timeScale`, but never below the timeout of the function
 * that consumes it plus 6 s, so a killed invocation's messages come back only after that
 * invocation's idempotency lock (which lasts its remaining time) has expired, as on AWS. A queue
 * no consumer reads from (a DLQ) takes the highest of those floors. Function timeouts stay
 * as they are: shortened, they time out for real on a busy machine, and each timeout discards an
 * environment whose replacement costs a cold start, which slows the pipeline further.
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
  const perTemplate = [...templates.values()].map((template) => {
    const resources = Object.entries(template.Resources ?? {});
    return { resources, floors: consumerFloors(resources) };
  });
  // A queue no consumer is mapped to (a DLQ, or one read from another stack): the slowest floor.
  const slowest = Math.max(0, ...perTemplate.flatMap(({ floors }) => [...floors.values()]));
  const visibilityTimeoutsSeconds: Record<string, number> = {};
  for (const { resources, floors } of perTemplate) {
    for (const [logicalId, resource] of resources) {
      const props = resource.Properties;
      if (resource.Type !== 'AWS::SQS::Queue' || typeof props?.VisibilityTimeout !== 'number') continue;
      const floor = floors.get(logicalId) ?? slowest;
      const visibility = Math.min(
        props.VisibilityTimeout,
        Math.max(floor, Math.round(props.VisibilityTimeout * timeScale)),
      );
      props.VisibilityTimeout = visibility;
      visibilityTimeoutsSeconds[logicalId] = visibility;
    }
  }
  for (const [file, template] of templates) {
    await writeFile(join(assemblyDir, file), JSON.stringify(template, null, 1));
  }
  return { timeScale, visibilityTimeoutsSeconds };
}

type Resources = readonly (readonly [string, Resource])[];

/**
 * Queue logical id to the lowest visibility timeout its consumers allow: the longest timeout of
 * the Ferry consumers mapped to it, plus the margin. Mappings are read from their
 * `EventSourceArn: { Fn::GetAtt: [queue, Arn] }` and `FunctionName: { Ref: function }`, the form
 * CDK synthesizes inside one stack.
 */
function consumerFloors(resources: Resources): Map<string, number> {
  const consumerTimeouts = new Map<string, number>();
  for (const [logicalId, resource] of resources) {
    const timeout = consumerTimeout(resource);
    if (timeout !== undefined) consumerTimeouts.set(logicalId, timeout);
  }
  const floors = new Map<string, number>();
  for (const [, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const queue = (resource.Properties?.EventSourceArn as { 'Fn::GetAtt'?: unknown[] } | undefined)?.[
      'Fn::GetAtt'
    ]?.[0];
    const fn = (resource.Properties?.FunctionName as { Ref?: unknown } | undefined)?.Ref;
    const timeout = typeof fn === 'string' ? consumerTimeouts.get(fn) : undefined;
    if (typeof queue !== 'string' || timeout === undefined) continue;
    floors.set(queue, Math.max(floors.get(queue) ?? 0, timeout + VISIBILITY_MARGIN_SECONDS));
  }
  return floors;
}

/** The timeout of a Ferry consumer function (3 s when the template leaves Lambda's default). */
function consumerTimeout(resource: Resource): number | undefined {
  if (resource.Type !== 'AWS::Lambda::Function') return undefined;
  const props = resource.Properties;
  const variables = (props?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return variables?.[CONSUMER_MARKER] === undefined ? undefined : Number(props?.Timeout ?? 3);
}
