import { createConditions } from './conditions.ts';
import { provisioningWaves } from './dependency-graph.ts';
import { type EmulatorClients, emulatorClients } from './emulator-clients.ts';
import { IntrinsicError, ProvisioningError } from './errors.ts';
import { NO_VALUE, type ResolutionScope, resolveIntrinsics } from './intrinsics.ts';
import { physicalName } from './physical-name.ts';
import { pseudoParameters } from './pseudo-parameters.ts';
import type { CreateContext, ResourceEffect, ResourceState } from './resource-kind.ts';
import { RESOURCE_KINDS } from './resource-kinds.ts';
import { type CfnResource, type CfnTemplate, isRecord } from './template.ts';

/** One resource of a provisioned stack: what it resolved to and what the local cloud did with it. */
export interface ResolvedResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly effect: ResourceEffect;
  readonly physicalId: string;
  /** What `Ref` returns. */
  readonly ref: string;
  /** What `Fn::GetAtt` returns, by attribute. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The properties with every intrinsic function resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** The template's resource metadata (CDK's `aws:asset:path`, `aws:cdk:path`). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A provisioned stack: its resources in template order, outputs, exports and warnings. */
export interface ProvisionedStack {
  readonly stackName: string;
  readonly resources: readonly ResolvedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Outputs with `Export.Name`, for `Fn::ImportValue` in later stacks. */
  readonly exports: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
}

/** Options for {@link provisionStack}. */
export interface ProvisionStackOptions {
  /** @default process.env.AWS_REGION, else 'us-east-1' */
  readonly region?: string;
  /** Values for template parameters, by name; a parameter without one takes its `Default`. @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Exports of stacks provisioned before, for `Fn::ImportValue`. @default {} */
  readonly imports?: Readonly<Record<string, unknown>>;
  /** `GetAtt <HttpApi>.ApiEndpoint`. @default 'http://localhost:3000' */
  readonly apiEndpoint?: string;
  /** @default - SQS, DynamoDB and SNS clients configured from the environment (AWS_ENDPOINT_URL_*) */
  readonly clients?: EmulatorClients;
}

function parameterValues(
  template: CfnTemplate,
  stackName: string,
  overrides: Readonly<Record<string, string>>,
) {
  const values: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    const value = overrides[name] ?? parameter.Default;
    if (value === undefined) {
      throw new IntrinsicError(
        `Stack ${stackName} has parameter ${name} without a Default. Pass it with parameters: { ${name}: '...' }.`,
      );
    }
    const list = parameter.Type === 'CommaDelimitedList' || parameter.Type.startsWith('List<');
    values[name] = list && typeof value === 'string' ? value.split(',') : value;
  }
  return values;
}

function unsupportedState(context: CreateContext): ResourceState {
  const name = context.generatedName({ maxLength: 255 });
  const [, service = 'unknown', kind = 'resource'] = context.type.split('::');
  const { region, accountId } = context.pseudo;
  const arn = `arn:aws:${service.toLowerCase()}:${region}:${accountId}:${kind.toLowerCase()}/${name}`;
  return { physicalId: name, ref: name, attributes: { Arn: arn } };
}

/**
 * Provisions one stack into the emulators: resolves parameters, conditions and intrinsic functions,
 * then creates resources in dependency order (a wave of independent resources at a time). Queues,
 * tables, topics and subscriptions are created; functions, event source mappings, HTTP APIs, alarms
 * and dashboards are resolved for the other parts of the local cloud; types it cannot emulate are
 * named in `warnings`. Safe to run again against persisted emulators: existing resources are reused.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 */
export async function provisionStack(
  stack: { readonly stackName: string; readonly template: CfnTemplate },
  options: ProvisionStackOptions = {},
): Promise<ProvisionedStack> {
  const { stackName, template } = stack;
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const pseudo = pseudoParameters(stackName, region);
  const parameters = parameterValues(template, stackName, options.parameters ?? {});
  const imports = options.imports ?? {};
  const resources = template.Resources ?? {};
  const states = new Map<string, ResolvedResource>();
  const skipped = new Map<string, string>();
  const warnings: string[] = [];

  const resource = (logicalId: string): ResolvedResource => {
    const found = states.get(logicalId);
    if (found) return found;
    const condition = skipped.get(logicalId);
    if (condition !== undefined) {
      throw new IntrinsicError(
        `${logicalId} is not created (its condition ${condition} is false), so it cannot be referenced.`,
      );
    }
    throw new IntrinsicError(`${logicalId} is neither a parameter nor a resource of stack ${stackName}.`);
  };
  const scope: ResolutionScope = {
    pseudo,
    parameters,
    mappings: template.Mappings ?? {},
    condition: createConditions(template.Conditions ?? {}, () => scope),
    ref: (logicalId) => resource(logicalId).ref,
    getAtt: (logicalId, attribute) => {
      const target = resource(logicalId);
      if (target.attributes[attribute] !== undefined) return target.attributes[attribute];
      if (target.effect === 'accepted' || target.effect === 'unsupported') {
        warnings.push(
          `${stackName}/${logicalId} (${target.type}): Fn::GetAtt ${attribute} is not emulated; a placeholder is used.`,
        );
        return `${target.physicalId}.${attribute}`;
      }
      const known = Object.keys(target.attributes).join(', ') || 'none';
      throw new IntrinsicError(
        `Fn::GetAtt ${logicalId}.${attribute}: a local ${target.type} has no attribute ${attribute} (it has: ${known}).`,
      );
    },
    importValue: (name) => {
      if (!Object.hasOwn(imports, name)) {
        throw new IntrinsicError(
          `Fn::ImportValue ${name}: no stack provisioned before ${stackName} exports it. Provision the exporting stack first.`,
        );
      }
      return imports[name];
    },
  };

  // Lazy: when the caller passes clients, these are never created and destroy() has nothing to close.
  const owned = emulatorClients();
  const clients: EmulatorClients = options.clients ?? owned;
  const create = async (logicalId: string, definition: CfnResource): Promise<void> => {
    const kind = RESOURCE_KINDS.get(definition.Type);
    const fail = (message: string, cause: unknown): ProvisioningError =>
      new ProvisioningError(stackName, logicalId, definition.Type, message, { cause });
    let properties: Record<string, unknown>;
    try {
      const resolved = resolveIntrinsics(definition.Properties ?? {}, scope);
      properties = isRecord(resolved) ? resolved : {};
    } catch (error) {
      throw fail(`${(error as Error).message}`, error);
    }
    const context: CreateContext = {
      stackName,
      logicalId,
      type: definition.Type,
      properties,
      pseudo,
      clients,
      apiEndpoint: options.apiEndpoint ?? 'http://localhost:3000',
      generatedName: (nameOptions) => physicalName(stackName, logicalId, nameOptions),
      warn: (message) => warnings.push(`${stackName}/${logicalId} (${definition.Type}): ${message}`),
    };
    if (!kind) {
      context.warn(
        'this resource type is not emulated locally and is not created; anything that uses it will not work locally.',
      );
    }
    let state: ResourceState;
    try {
      state = kind ? await kind.create(context) : unsupportedState(context);
    } catch (error) {
      throw fail(
        `could not be created in the local emulator: ${(error as Error).message}. Check the template values ` +
          'and that the emulators run (npm start starts them).',
        error,
      );
    }
    states.set(logicalId, {
      stackName,
      logicalId,
      type: definition.Type,
      effect: kind?.effect ?? 'unsupported',
      ...state,
      properties,
      metadata: definition.Metadata ?? {},
    });
  };

  try {
    for (const wave of provisioningWaves(resources)) {
      const active = wave.filter((logicalId) => {
        const condition = resources[logicalId]?.Condition;
        if (condition === undefined || scope.condition(condition)) return true;
        skipped.set(logicalId, condition);
        return false;
      });
      const results = await Promise.allSettled(
        active.map((logicalId) => create(logicalId, resources[logicalId] as CfnResource)),
      );
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    }
  } finally {
    owned.destroy();
  }

  const outputs: Record<string, unknown> = {};
  const exports: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !scope.condition(output.Condition)) continue;
    const value = resolveIntrinsics(output.Value, scope);
    if (value === NO_VALUE) continue;
    outputs[name] = value;
    if (output.Export) exports[String(resolveIntrinsics(output.Export.Name, scope))] = value;
  }
  const order = Object.keys(resources);
  const created = [...states.values()].sort(
    (a, b) => order.indexOf(a.logicalId) - order.indexOf(b.logicalId),
  );
  return { stackName, resources: created, outputs, exports, warnings };
}
