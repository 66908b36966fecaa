import { IntrinsicError } from './errors.ts';
import { intrinsicName } from './intrinsics.ts';
import { type CfnResource, isRecord } from './template.ts';

function subReferences(argument: unknown, found: Set<string>): void {
  const [template, variables] =
    typeof argument === 'string' ? [argument, {}] : Array.isArray(argument) ? argument : [];
  if (typeof template !== 'string') return;
  const own = isRecord(variables) ? variables : {};
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = (match[1] ?? '').trim();
    if (inner.startsWith('!') || Object.hasOwn(own, inner)) continue;
    found.add(inner.split('.')[0] ?? inner);
  }
  collectReferences(own, found);
}

/** Adds every logical id (or parameter name) a template value refers to through Ref, GetAtt or Sub. */
export function collectReferences(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
    return found;
  }
  if (!isRecord(value)) return found;
  const name = intrinsicName(value);
  const argument = name === undefined ? undefined : value[name];
  if (name === 'Ref' && typeof argument === 'string') found.add(argument);
  else if (name === 'Fn::GetAtt') {
    const target =
      typeof argument === 'string'
        ? argument.split('.')[0]
        : Array.isArray(argument)
          ? argument[0]
          : undefined;
    if (typeof target === 'string') found.add(target);
    if (Array.isArray(argument)) collectReferences(argument.slice(1), found);
  } else if (name === 'Fn::Sub') subReferences(argument, found);
  else for (const item of Object.values(value)) collectReferences(item, found);
  return found;
}

/** The logical ids one resource must wait for: its Ref/GetAtt/Sub targets and its `DependsOn`. */
export function resourceDependencies(
  logicalId: string,
  resource: CfnResource,
  resourceIds: ReadonlySet<string>,
): Set<string> {
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  for (const dependency of dependsOn) {
    if (!resourceIds.has(dependency)) {
      throw new IntrinsicError(
        `${logicalId} has DependsOn ${dependency}, which is not a resource of the template. Remove or fix it.`,
      );
    }
  }
  const referenced = [...collectReferences(resource.Properties ?? {}, new Set())].filter((id) =>
    resourceIds.has(id),
  );
  return new Set([...dependsOn, ...referenced]);
}

/**
 * Orders resources for provisioning, as CloudFormation does from Ref, Fn::GetAtt, Fn::Sub and
 * DependsOn: each wave holds resources whose dependencies are all in earlier waves, so a wave can be
 * created concurrently. Template order is kept within a wave.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
 */
export function provisioningWaves(resources: Readonly<Record<string, CfnResource>>): string[][] {
  const ids = new Set(Object.keys(resources));
  const pending = new Map(
    Object.entries(resources).map(([id, resource]) => [id, resourceDependencies(id, resource, ids)]),
  );
  const waves: string[][] = [];
  const done = new Set<string>();
  while (pending.size > 0) {
    const wave = [...pending].filter(([, deps]) => [...deps].every((dep) => done.has(dep))).map(([id]) => id);
    if (wave.length === 0) {
      throw new IntrinsicError(
        `Resources depend on each other in a cycle: ${[...pending.keys()].join(', ')}. ` +
          'Break the cycle (a Ref, Fn::GetAtt or DependsOn too many) in the CDK app.',
      );
    }
    for (const id of wave) {
      pending.delete(id);
      done.add(id);
    }
    waves.push(wave);
  }
  return waves;
}
