/**
 * The parts of a CloudFormation template the local cloud reads. Values stay `unknown` until the
 * intrinsic resolver has turned them into plain JSON.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 */
export interface CfnTemplate {
  readonly Parameters?: Readonly<Record<string, CfnParameter>>;
  readonly Mappings?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, CfnOutput>>;
}

/** One template parameter; only what resolution needs. */
export interface CfnParameter {
  readonly Type: string;
  readonly Default?: unknown;
}

/** One resource, with its properties still unresolved. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** One stack output; `Export.Name` makes it visible to `Fn::ImportValue` in other stacks. */
export interface CfnOutput {
  readonly Value: unknown;
  readonly Condition?: string;
  readonly Export?: { readonly Name: unknown };
}

/** Whether a parsed JSON value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
