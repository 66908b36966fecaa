import { CfnResource, type Stack } from 'aws-cdk-lib';

/**
 * The CloudFormation resources of one stack, indexed by logical id, so a check can follow a
 * `Ref` or `Fn::GetAtt` (an event source ARN, a redrive target, a function name) to the L1 resource
 * it names, whether an L2 construct or plain `Cfn*` code created it.
 */
export class StackResources {
  readonly stack: Stack;
  private readonly byLogicalId = new Map<string, CfnResource>();

  constructor(stack: Stack) {
    this.stack = stack;
    for (const construct of stack.node.findAll()) {
      // Nested stacks are checked on their own; their resources have their own logical id space.
      if (CfnResource.isCfnResource(construct) && construct.stack === stack) {
        this.byLogicalId.set(String(stack.resolve(construct.logicalId)), construct);
      }
    }
  }

  /** Every resource of the given CloudFormation type. */
  ofType(type: string): CfnResource[] {
    return [...this.byLogicalId.values()].filter((resource) => resource.cfnResourceType === type);
  }

  /** A property value with its tokens resolved to their CloudFormation form. */
  resolve(value: unknown): unknown {
    return this.stack.resolve(value);
  }

  /**
   * The resource a `Ref` or `Fn::GetAtt` points to, with the attribute name for a GetAtt;
   * undefined for literals, imports and anything else this stack does not hold.
   */
  referenced(value: unknown): { readonly resource: CfnResource; readonly attribute?: string } | undefined {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'object' || resolved === null) return undefined;
    const ref = (resolved as { Ref?: unknown }).Ref;
    if (typeof ref === 'string') {
      const resource = this.byLogicalId.get(ref);
      return resource ? { resource } : undefined;
    }
    const getAtt = (resolved as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
      const resource = this.byLogicalId.get(getAtt[0]);
      return resource ? { resource, attribute: getAtt[1] } : undefined;
    }
    return undefined;
  }

  /** A resolved number, or undefined when absent or not known at synth time. */
  numberOf(value: unknown): number | undefined {
    const resolved = this.resolve(value);
    return typeof resolved === 'number' ? resolved : undefined;
  }

  /** A resolved boolean, or undefined when absent or not known at synth time. */
  booleanOf(value: unknown): boolean | undefined {
    const resolved = this.resolve(value);
    if (typeof resolved === 'boolean') return resolved;
    // CloudFormation also accepts the strings "true" and "false" for Boolean properties.
    if (resolved === 'true' || resolved === 'false') return resolved === 'true';
    return undefined;
  }
}
