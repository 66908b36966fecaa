import type { FaultPlan } from './fault-plan.ts';

/**
 * The moderate rates `npm start -- --faults` and the audit use by default: every fault is on, rare
 * enough that the shop keeps up, common enough that a few hundred orders meet each of them.
 */
export const DEFAULT_FAULT_RATES = {
  killBeforeEffect: 0.05,
  lostAck: 0.05,
  timeout: 0.02,
  sdkErrorRate: 0.02,
  dynamoRestartEverySeconds: 60,
} as const;

/** A plan with {@link DEFAULT_FAULT_RATES}; without a persisted data folder DynamoDB is not restarted. */
export function defaultFaultPlan(seed: number, options: { readonly persisted: boolean }): FaultPlan {
  const { dynamoRestartEverySeconds, ...rates } = DEFAULT_FAULT_RATES;
  return { seed, ...rates, ...(options.persisted ? { dynamoRestartEverySeconds } : {}) };
}
