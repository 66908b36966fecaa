import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HttpApiDefinition, httpApiDefinitions } from '../apigateway/http-api-definition.ts';
import type { CloudAssembly } from '../assembly/cloud-assembly.ts';
import { type EmulatorClients, emulatorClients } from './emulator-clients.ts';
import {
  type EventSourceMappingModel,
  eventSourceMappingModels,
} from './models/event-source-mapping-model.ts';
import { type LambdaFunctionModel, lambdaFunctionModels } from './models/lambda-function-model.ts';
import { type ProvisionedStack, provisionStack, type ResolvedResource } from './provision-stack.ts';

/** Options for {@link provisionAssembly}. */
export interface ProvisionAssemblyOptions {
  /** @default process.env.AWS_REGION, else 'us-east-1' */
  readonly region?: string;
  /** Values for template parameters (any stack that declares one), by name. @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
  /** `GetAtt <HttpApi>.ApiEndpoint`: where the local HTTP API listens. @default 'http://localhost:3000' */
  readonly apiEndpoint?: string;
  /** Provision only these stacks (by stack name). @default - every stack */
  readonly stackNames?: readonly string[];
  /** Where inline (`Code.ZipFile`) function code is written. @default <os tmpdir>/ferry-inline-code */
  readonly inlineCodeDir?: string;
  /** @default - SQS, DynamoDB and SNS clients configured from the environment (AWS_ENDPOINT_URL_*) */
  readonly clients?: EmulatorClients;
}

/** Everything a cloud assembly became locally. */
export interface ProvisionedCloud {
  readonly stacks: readonly ProvisionedStack[];
  /** Every resource of every stack, in deployment order. */
  readonly resources: readonly ResolvedResource[];
  /** The functions to run (see local/lambda). */
  readonly functions: readonly LambdaFunctionModel[];
  /** The event source mappings to poll (see local/pollers). */
  readonly eventSourceMappings: readonly EventSourceMappingModel[];
  /** The HTTP APIs to serve (see local/apigateway `startHttpApiServer`). */
  readonly httpApis: readonly HttpApiDefinition[];
  /** Everything not emulated or not quite as on AWS, one line each: print them at start-up. */
  readonly warnings: readonly string[];
}

/**
 * Provisions every stack of a cloud assembly in deployment order (exports of earlier stacks feed
 * `Fn::ImportValue` in later ones), then resolves what the rest of the local cloud runs: function,
 * event source mapping and HTTP API models. Set the emulator environment (`emulatorEnv()`) first.
 */
export async function provisionAssembly(
  assembly: CloudAssembly,
  options: ProvisionAssemblyOptions = {},
): Promise<ProvisionedCloud> {
  const selected = options.stackNames
    ? assembly.stacks.filter((stack) => options.stackNames?.includes(stack.stackName))
    : assembly.stacks;
  const owned = emulatorClients();
  const clients = options.clients ?? owned;
  const stacks: ProvisionedStack[] = [];
  const imports: Record<string, unknown> = {};
  try {
    for (const stack of selected) {
      const provisioned = await provisionStack(stack, {
        clients,
        imports,
        ...(options.region ? { region: options.region } : {}),
        ...(options.parameters ? { parameters: options.parameters } : {}),
        ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
      });
      Object.assign(imports, provisioned.exports);
      stacks.push(provisioned);
    }
  } finally {
    owned.destroy();
  }
  const resources = stacks.flatMap((stack) => stack.resources);
  const warnings = stacks.flatMap((stack) => stack.warnings);
  const warn = (message: string): void => {
    warnings.push(message);
  };
  const functions = lambdaFunctionModels(
    resources,
    {
      assemblyDir: assembly.directory,
      assets: assembly.assets,
      inlineCodeDir: options.inlineCodeDir ?? join(tmpdir(), 'ferry-inline-code'),
    },
    warn,
  );
  const eventSourceMappings = eventSourceMappingModels(resources, warn);
  const httpApis = httpApiDefinitions(resources, warn);
  return { stacks, resources, functions, eventSourceMappings, httpApis, warnings };
}
