import type { EmulatorClients } from './emulator-clients.ts';
import type { PhysicalNameOptions } from './physical-name.ts';
import type { PseudoParameters } from './pseudo-parameters.ts';
import { isRecord } from './template.ts';

/**
 * What the local cloud does with a resource type: `provisioned` in an emulator; `modelled` (resolved
 * for the local Lambda service, pollers or HTTP API to run); `accepted` (no local meaning, harmless,
 * such as IAM); `unsupported` (not emulated: named in a warning at start-up).
 */
export type ResourceEffect = 'provisioned' | 'modelled' | 'accepted' | 'unsupported';

/** What `Ref` and `Fn::GetAtt` answer for a created resource. */
export interface ResourceState {
  /** The physical id: a name, URL or id, as CloudFormation reports it. */
  readonly physicalId: string;
  /** What `Ref` returns, as the resource type documents it. */
  readonly ref: string;
  /** What `Fn::GetAtt` returns, by attribute name. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Everything a resource kind needs to create one resource. */
export interface CreateContext {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** The resource's properties, every intrinsic resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly pseudo: PseudoParameters;
  readonly clients: EmulatorClients;
  /** Where the HTTP API is served: `GetAtt Api.ApiEndpoint`. */
  readonly apiEndpoint: string;
  /** The name CloudFormation would generate, stable across runs. */
  generatedName(options: PhysicalNameOptions): string;
  /** Reports something the developer should know (a property not emulated, ...). */
  warn(message: string): void;
}

/** How one resource type is created locally and what its Ref and attributes are. */
export interface ResourceKind {
  readonly effect: Exclude<ResourceEffect, 'unsupported'>;
  create(context: CreateContext): Promise<ResourceState> | ResourceState;
}

/** A string property, or `undefined` when it is absent or not a string. */
export function stringProperty(
  properties: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined {
  const value = properties[name];
  return typeof value === 'string' ? value : undefined;
}

/** The `[{Key, Value}]` tags of a template as a plain map. */
export function tagMap(tags: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!Array.isArray(tags)) return map;
  for (const tag of tags) {
    if (isRecord(tag) && typeof tag.Key === 'string') map[tag.Key] = String(tag.Value ?? '');
  }
  return map;
}

/** A policy or filter given as an object in the template, as the JSON string the API takes. */
export function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
