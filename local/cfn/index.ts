export { createConditions } from './conditions.ts';
export { collectReferences, provisioningWaves, resourceDependencies } from './dependency-graph.ts';
export { type EmulatorClients, emulatorClients } from './emulator-clients.ts';
export { IntrinsicError, ProvisioningError, TemplateError } from './errors.ts';
export { intrinsicName, NO_VALUE, type ResolutionScope, resolveIntrinsics } from './intrinsics.ts';
export {
  type EventSource,
  type EventSourceMappingModel,
  eventSourceMappingModels,
  functionNameOf,
} from './models/event-source-mapping-model.ts';
export {
  type FunctionCodeOptions,
  type LambdaFunctionModel,
  lambdaFunctionModels,
} from './models/lambda-function-model.ts';
export { type PhysicalNameOptions, physicalName, stableToken } from './physical-name.ts';
export {
  type ProvisionAssemblyOptions,
  type ProvisionedCloud,
  provisionAssembly,
} from './provision-assembly.ts';
export {
  type ProvisionedStack,
  type ProvisionStackOptions,
  provisionStack,
  type ResolvedResource,
} from './provision-stack.ts';
export {
  LOCAL_ACCOUNT_ID,
  type PseudoParameters,
  pseudoParameter,
  pseudoParameters,
} from './pseudo-parameters.ts';
export type { ResourceEffect, ResourceState } from './resource-kind.ts';
export { RESOURCE_KINDS, resourceEffect } from './resource-kinds.ts';
export { createTableInput } from './resources/dynamodb-table.ts';
export { queueAttributes } from './resources/sqs-queue.ts';
export type { CfnOutput, CfnParameter, CfnResource, CfnTemplate } from './template.ts';
