import { OpsError } from '../errors.ts';
import type { OutboxRef, QueueRef, StackResources, TableRef } from './stack-resources.ts';

/** How long the CLI waits for a local cloud to answer before deciding none is running. */
const PROBE_TIMEOUT_MILLIS = 500;

/** A running local cloud: its resources and the environment that reaches its emulators. */
export interface LocalCloudResources extends StackResources {
  readonly url: string;
  /** AWS_ENDPOINT_URL_*, region and the emulators' dummy credentials. */
  readonly environment: Readonly<Record<string, string>>;
  readonly outboxes: readonly OutboxRef[];
}

/** The URL a local cloud listens on unless told otherwise (`npm start` uses PORT or 3000). */
export function defaultLocalCloudUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://localhost:${env.PORT || 3000}`;
}

/** True when a local cloud answers `GET /_local/health` at `url`. */
export async function isLocalCloudRunning(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/_local/health', url), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MILLIS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    // Nothing listening (or not a local cloud): the caller goes on to AWS.
    return false;
  }
}

interface LocalResourceJson {
  readonly resources?: readonly {
    readonly logicalId?: string;
    readonly type?: string;
    readonly physicalId?: string;
    readonly queueUrl?: string;
  }[];
  readonly environment?: Record<string, string>;
  readonly outboxes?: readonly { readonly table?: string; readonly routes?: string }[];
}

/** Reads `GET /_local/resources` of the local cloud at `url`. */
export async function fetchLocalCloudResources(url: string): Promise<LocalCloudResources> {
  const response = await fetch(new URL('/_local/resources', url));
  if (!response.ok)
    throw new OpsError(
      `the local cloud at ${url} answered ${response.status} to /_local/resources: restart it with \`npm start\``,
    );
  const body = (await response.json()) as LocalResourceJson;
  const queues: QueueRef[] = [];
  const tables: TableRef[] = [];
  for (const resource of body.resources ?? []) {
    const logicalId = resource.logicalId ?? '';
    if (resource.type === 'AWS::SQS::Queue' && resource.queueUrl)
      queues.push({ logicalId, url: resource.queueUrl });
    if (resource.type === 'AWS::DynamoDB::Table' && resource.physicalId)
      tables.push({ logicalId, name: resource.physicalId });
  }
  const outboxes = (body.outboxes ?? []).flatMap((outbox) =>
    outbox.table && outbox.routes ? [{ table: outbox.table, routes: outbox.routes }] : [],
  );
  return { url, queues, tables, environment: body.environment ?? {}, outboxes };
}
