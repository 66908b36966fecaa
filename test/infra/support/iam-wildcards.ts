/**
 * Documented exceptions to "no `*` resource": X-Ray's trace upload actions accept no resource-level
 * permissions, so active tracing needs `Resource: "*"` for them.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 */
export const STAR_RESOURCE_EXCEPTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

/** One identity-policy statement that grants more than least privilege allows, described. */
export interface WildcardFinding {
  readonly resource: string;
  readonly detail: string;
}

/**
 * Every Allow statement of the template's identity policies (IAM policies, managed policies and
 * role inline policies) that grants a wildcard action, or a `*` in a resource, beyond
 * {@link STAR_RESOURCE_EXCEPTIONS}; and every role with an AWS managed policy attached.
 */
export function wildcardFindings(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
): WildcardFinding[] {
  const findings: WildcardFinding[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    const documents: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      documents.push(properties.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::Role') {
      if (properties.ManagedPolicyArns !== undefined) {
        findings.push({
          resource: logicalId,
          detail: `managed policies ${JSON.stringify(properties.ManagedPolicyArns)}`,
        });
      }
      for (const policy of (properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) {
        documents.push(policy.PolicyDocument);
      }
    }
    for (const document of documents) {
      for (const statement of (document as { Statement?: Statement[] }).Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        const actions = [statement.Action ?? []].flat();
        for (const action of actions.filter((a) => a.includes('*'))) {
          findings.push({ resource: logicalId, detail: `wildcard action ${action}` });
        }
        const starResources = stringsWithStar(statement.Resource);
        if (starResources.length > 0 && !actions.every((action) => STAR_RESOURCE_EXCEPTIONS.has(action))) {
          findings.push({
            resource: logicalId,
            detail: `wildcard resource ${starResources.join(', ')} for ${actions.join(', ')}`,
          });
        }
      }
    }
  }
  return findings;
}

function stringsWithStar(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('*') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(stringsWithStar);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsWithStar);
  return [];
}
