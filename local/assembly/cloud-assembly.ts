import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CfnTemplate, isRecord } from '../cfn/template.ts';
import { type FileAsset, readAssetManifest } from './asset-manifest.ts';
import { CloudAssemblyError } from './errors.ts';

/** One CloudFormation stack of a cloud assembly. */
export interface StackArtifact {
  /** The artifact id in `manifest.json` (for a stack in a Stage: `Stage/Stack`'s artifact id). */
  readonly artifactId: string;
  /** The CloudFormation stack name: `AWS::StackName` when it is provisioned. */
  readonly stackName: string;
  readonly displayName: string;
  /** Absolute path of the template file. */
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** Artifact ids of the stacks this one depends on (deployed first). */
  readonly dependencies: readonly string[];
}

/** What `cdk synth` wrote: stacks in deployment order and every file asset. */
export interface CloudAssembly {
  /** Absolute path of the assembly folder (`cdk.out`). */
  readonly directory: string;
  /** Every stack, nested Stage assemblies included, each after the stacks it depends on. */
  readonly stacks: readonly StackArtifact[];
  readonly assets: readonly FileAsset[];
}

interface RawArtifact {
  readonly type?: unknown;
  readonly properties?: unknown;
  readonly dependencies?: unknown;
  readonly displayName?: unknown;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CloudAssemblyError(
      `Cannot read ${what} ${path}: ${(error as Error).message}. Synthesize the CDK app again (npx cdk synth).`,
      { cause: error },
    );
  }
}

function readTemplate(path: string): CfnTemplate {
  const template = readJson(path, 'the template');
  if (!isRecord(template) || (template.Resources !== undefined && !isRecord(template.Resources))) {
    throw new CloudAssemblyError(
      `${path} is not a CloudFormation template: it has no Resources object. Synthesize the CDK app again.`,
    );
  }
  return template as CfnTemplate;
}

function collect(directory: string, stacks: StackArtifact[], assets: FileAsset[]): void {
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new CloudAssemblyError(
      `${directory} is not a cloud assembly: it has no manifest.json. Run \`npx cdk synth -o ${directory}\` first.`,
    );
  }
  const manifest = readJson(manifestPath, 'the cloud assembly manifest');
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  for (const [artifactId, value] of Object.entries(artifacts)) {
    const artifact = value as RawArtifact;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
      const templateFile = join(directory, properties.templateFile);
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
      stacks.push({
        artifactId,
        stackName,
        displayName: typeof artifact.displayName === 'string' ? artifact.displayName : stackName,
        templateFile,
        template: readTemplate(templateFile),
        dependencies: Array.isArray(artifact.dependencies)
          ? artifact.dependencies.filter((id): id is string => typeof id === 'string')
          : [],
      });
    } else if (artifact.type === 'cdk:asset-manifest' && typeof properties.file === 'string') {
      assets.push(...readAssetManifest(directory, properties.file));
    } else if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      // A Stage synthesizes into a nested assembly of its own.
      collect(join(directory, properties.directoryName), stacks, assets);
    }
  }
}

function inDeploymentOrder(stacks: readonly StackArtifact[]): StackArtifact[] {
  const byId = new Map(stacks.map((stack) => [stack.artifactId, stack]));
  const ordered: StackArtifact[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: StackArtifact, path: readonly string[]): void => {
    const seen = state.get(stack.artifactId);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new CloudAssemblyError(
        `Stacks depend on each other in a cycle: ${[...path, stack.artifactId].join(' -> ')}. Break the cycle in the CDK app.`,
      );
    }
    state.set(stack.artifactId, 'visiting');
    for (const dependency of stack.dependencies) {
      const other = byId.get(dependency);
      if (other) visit(other, [...path, stack.artifactId]);
    }
    state.set(stack.artifactId, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}

/**
 * Reads a synthesized cloud assembly: its stacks (templates parsed, in deployment order) and its file
 * assets (each Lambda code folder with the S3 keys a deploy would upload it to).
 * @see https://docs.aws.amazon.com/cdk/v2/guide/deploy.html#deploy-how-synth-assemblies
 */
export function readCloudAssembly(directory: string): CloudAssembly {
  const absolute = resolve(directory);
  const stacks: StackArtifact[] = [];
  const assets: FileAsset[] = [];
  collect(absolute, stacks, assets);
  return { directory: absolute, stacks: inDeploymentOrder(stacks), assets };
}

/**
 * Finds the asset a template's `Code.S3Key` (or `aws:asset:path` metadata) points at: by the exact
 * object key first, then by content hash (`<hash>.zip`), then by folder name in `cdk.out`.
 */
export function findAsset(assets: readonly FileAsset[], key: string): FileAsset | undefined {
  const byKey = assets.find((asset) => asset.objectKeys.includes(key));
  if (byKey) return byKey;
  const hash = key.replace(/\.[a-z]+$/i, '').replace(/^asset\./, '');
  return assets.find((asset) => asset.hash === hash || asset.path.endsWith(`/${key}`));
}
