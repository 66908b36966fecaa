export {
  type AwsErrorResponse,
  type AwsProtocol,
  awsErrorResponse,
  type InjectedErrorKind,
} from './aws-error-responses.ts';
export { DEFAULT_FAULT_RATES, defaultFaultPlan } from './default-fault-plan.ts';
export { FaultInjector, type FaultTarget } from './fault-injector.ts';
export type { FaultControls, FaultCounts, FaultPlan } from './fault-plan.ts';
export { type FaultProxy, type ProxiedRequest, type ProxyAction, startFaultProxy } from './fault-proxy.ts';
export { FaultRng } from './fault-rng.ts';
export { drawInvocationFault, type InvocationFault } from './invocation-faults.ts';
export { type RunningFaults, retarget, startFaults } from './start-faults.ts';
export { validateFaultPlan } from './validate-fault-plan.ts';
