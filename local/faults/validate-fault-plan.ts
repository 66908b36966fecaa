import type { FaultPlan } from './fault-plan.ts';

/** Throws a RangeError naming the field, the value and what is allowed, for a plan that cannot run. */
export function validateFaultPlan(plan: FaultPlan, options: { readonly persistDir?: string } = {}): void {
  if (!Number.isSafeInteger(plan.seed))
    throw new RangeError(`faults.seed must be an integer, got ${plan.seed}`);
  const rates = ['killBeforeEffect', 'lostAck', 'timeout', 'sdkErrorRate'] as const;
  for (const name of rates) {
    const value = plan[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw new RangeError(`faults.${name} must be a probability from 0 to 1, got ${value}`);
    }
  }
  const perInvocation = (plan.killBeforeEffect ?? 0) + (plan.lostAck ?? 0) + (plan.timeout ?? 0);
  if (perInvocation > 1) {
    throw new RangeError(
      `faults.killBeforeEffect + lostAck + timeout must be at most 1 (one fault per invocation), got ${perInvocation}`,
    );
  }
  const every = plan.dynamoRestartEverySeconds ?? 0;
  if (!(Number.isFinite(every) && every >= 0)) {
    throw new RangeError(`faults.dynamoRestartEverySeconds must be 0 or more seconds, got ${every}`);
  }
  if (every > 0 && every < 5) {
    throw new RangeError(
      `faults.dynamoRestartEverySeconds must be at least 5 (DynamoDB Local takes seconds to start), got ${every}`,
    );
  }
  if (every > 0 && !options.persistDir) {
    throw new RangeError(
      'faults.dynamoRestartEverySeconds needs persistDir: an in-memory DynamoDB Local loses every table when it restarts',
    );
  }
  for (const prefix of plan.functions ?? []) {
    if (typeof prefix !== 'string' || prefix.length === 0) {
      throw new RangeError(`faults.functions must hold logical id prefixes, got ${JSON.stringify(prefix)}`);
    }
  }
}
