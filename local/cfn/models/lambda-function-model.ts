import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileAsset } from '../../assembly/asset-manifest.ts';
import { findAsset } from '../../assembly/cloud-assembly.ts';
import type { ResolvedResource } from '../provision-stack.ts';
import { isRecord } from '../template.ts';

/** An `AWS::Lambda::Function`, resolved: what the local Lambda service needs to run it. */
export interface LambdaFunctionModel {
  readonly stackName: string;
  readonly logicalId: string;
  readonly functionName: string;
  readonly arn: string;
  /**
   * The folder holding the bundled code (an asset folder in `cdk.out`, or inline `ZipFile` code
   * written out as `index.js`); `undefined` when the code is not available locally (see warnings).
   */
  readonly codeDir: string | undefined;
  /** `Handler`, such as `index.handler`. */
  readonly handler: string | undefined;
  /** `Runtime`, such as `nodejs24.x`. */
  readonly runtime: string | undefined;
  /** `Environment.Variables`, resolved: queue URLs, table names, ARNs of the local cloud. */
  readonly environment: Readonly<Record<string, string>>;
  /** `MemorySize`, default 128. */
  readonly memorySizeMb: number;
  /** `Timeout`, default 3. */
  readonly timeoutSeconds: number;
  /** `ReservedConcurrentExecutions`, when set. */
  readonly reservedConcurrency: number | undefined;
  /** `Architectures`, default `['x86_64']`. */
  readonly architectures: readonly string[];
  /** Every resolved property, for anything else (tracing, logging config, ...). */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Where function code comes from: the cloud assembly's assets, and where inline code is written. */
export interface FunctionCodeOptions {
  /** The assembly folder (`cdk.out`), for `aws:asset:path` metadata. */
  readonly assemblyDir?: string;
  /** @default [] */
  readonly assets?: readonly FileAsset[];
  /** Inline (`Code.ZipFile`) functions are written to `<dir>/<stack>/<logicalId>/index.js`. */
  readonly inlineCodeDir: string;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function codeDirOf(resource: ResolvedResource, options: FunctionCodeOptions, warn: (m: string) => void) {
  const code = isRecord(resource.properties.Code) ? resource.properties.Code : {};
  if (typeof code.ZipFile === 'string') {
    // CloudFormation stores inline Node.js code as index.js.
    const dir = join(options.inlineCodeDir, resource.stackName, resource.logicalId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), code.ZipFile);
    return dir;
  }
  if (code.ImageUri !== undefined) {
    warn('its code is a container image, which the local cloud cannot run (it runs no containers).');
    return undefined;
  }
  const assetPath = resource.metadata['aws:asset:path'];
  const asset =
    (typeof code.S3Key === 'string' ? findAsset(options.assets ?? [], code.S3Key) : undefined) ??
    (typeof assetPath === 'string' && options.assemblyDir
      ? { path: join(options.assemblyDir, assetPath) }
      : undefined);
  if (asset === undefined || !isFolder(asset.path)) {
    warn(
      `its code (${JSON.stringify(code)}) is not an asset folder of the cloud assembly, so it cannot run locally. ` +
        'Define it with lambda.Code.fromAsset or NodejsFunction and synthesize again.',
    );
    return undefined;
  }
  return asset.path;
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/**
 * Builds the model of every `AWS::Lambda::Function` among provisioned resources, finding each one's
 * code folder. Code that cannot run locally (container images, S3 objects outside the assembly) is
 * reported through `warn`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
 */
export function lambdaFunctionModels(
  resources: readonly ResolvedResource[],
  options: FunctionCodeOptions,
  warn: (message: string) => void,
): LambdaFunctionModel[] {
  return resources
    .filter((resource) => resource.type === 'AWS::Lambda::Function')
    .map((resource) => {
      const { properties } = resource;
      const environment =
        isRecord(properties.Environment) && isRecord(properties.Environment.Variables)
          ? properties.Environment.Variables
          : {};
      const codeDir = codeDirOf(resource, options, (message) =>
        warn(`${resource.stackName}/${resource.logicalId} (AWS::Lambda::Function): ${message}`),
      );
      return {
        stackName: resource.stackName,
        logicalId: resource.logicalId,
        functionName: resource.ref,
        arn: String(resource.attributes.Arn),
        codeDir,
        handler: typeof properties.Handler === 'string' ? properties.Handler : undefined,
        runtime: typeof properties.Runtime === 'string' ? properties.Runtime : undefined,
        environment: Object.fromEntries(
          Object.entries(environment).map(([key, value]) => [key, String(value)]),
        ),
        memorySizeMb: optionalNumber(properties.MemorySize) ?? 128,
        timeoutSeconds: optionalNumber(properties.Timeout) ?? 3,
        reservedConcurrency: optionalNumber(properties.ReservedConcurrentExecutions),
        architectures: Array.isArray(properties.Architectures)
          ? properties.Architectures.map(String)
          : ['x86_64'],
        properties,
      };
    });
}
