import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../cfn/template.ts';
import { CloudAssemblyError } from './errors.ts';

/** One file asset of a cloud assembly: a Lambda code folder, a zip, or a template. */
export interface FileAsset {
  /** The asset's content hash: the key of `files` in the asset manifest. */
  readonly hash: string;
  /** Absolute path of the folder (or file) in `cdk.out` that a deploy would upload. */
  readonly path: string;
  /** `zip`: a folder a deploy zips (or an already zipped file); `file`: uploaded as it is. */
  readonly packaging: 'zip' | 'file';
  /** The S3 object keys a deploy uploads it to: what `Code.S3Key` names in the template. */
  readonly objectKeys: readonly string[];
  readonly displayName?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads a `*.assets.json` asset manifest and returns its file assets with absolute paths.
 * Docker image assets are not listed: the local cloud runs no containers.
 * @see https://github.com/aws/aws-cdk-cli/tree/main/packages/@aws-cdk/cloud-assembly-schema
 */
export function readAssetManifest(assemblyDir: string, file: string): FileAsset[] {
  const manifestPath = join(assemblyDir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new CloudAssemblyError(
      `Cannot read the asset manifest ${manifestPath}: ${(error as Error).message}. Synthesize the app again.`,
      { cause: error },
    );
  }
  const files = isRecord(parsed) && isRecord(parsed.files) ? parsed.files : {};
  const assets: FileAsset[] = [];
  for (const [hash, entry] of Object.entries(files)) {
    if (!isRecord(entry) || !isRecord(entry.source)) continue;
    const sourcePath = text(entry.source.path);
    // Assets built by an executable (`source.executable`) have no path in cdk.out to run from.
    if (sourcePath === undefined) continue;
    const destinations = isRecord(entry.destinations) ? Object.values(entry.destinations) : [];
    const objectKeys = destinations
      .map((destination) => (isRecord(destination) ? text(destination.objectKey) : undefined))
      .filter((key): key is string => key !== undefined);
    const displayName = text(entry.displayName);
    assets.push({
      hash,
      path: join(assemblyDir, sourcePath),
      packaging: entry.source.packaging === 'zip' ? 'zip' : 'file',
      objectKeys: [...new Set(objectKeys)],
      ...(displayName === undefined ? {} : { displayName }),
    });
  }
  return assets;
}
