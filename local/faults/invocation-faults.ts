import type { FaultPlan } from './fault-plan.ts';
import type { FaultRng } from './fault-rng.ts';

/** What happens to one invocation. */
export type InvocationFault =
  | { readonly kind: 'none' }
  /** Killed before the handler starts (`atCall` 0) or when it makes its `atCall`-th AWS call (unsent). */
  | { readonly kind: 'kill-before-effect'; readonly atCall: 0 | 1 | 2 }
  | { readonly kind: 'lost-ack' }
  /** Its first AWS call (sent or not) hangs until the function's timeout kills the environment. */
  | { readonly kind: 'timeout'; readonly afterForward: boolean };

/**
 * Draws the fault of the next invocation of `functionName`. One draw splits [0, 1) into the three
 * faults, so they exclude each other and each keeps its probability; the details (where a kill
 * lands, whether the hung call was applied) come from streams of their own.
 */
export function drawInvocationFault(rng: FaultRng, plan: FaultPlan, functionName: string): InvocationFault {
  const killBeforeEffect = plan.killBeforeEffect ?? 0;
  const lostAck = plan.lostAck ?? 0;
  const timeout = plan.timeout ?? 0;
  if (killBeforeEffect + lostAck + timeout <= 0) return { kind: 'none' };
  const draw = rng.next(`invoke:${functionName}`);
  if (draw < killBeforeEffect) {
    return { kind: 'kill-before-effect', atCall: rng.pick(`kill-at:${functionName}`, [0, 1, 2] as const) };
  }
  if (draw < killBeforeEffect + lostAck) return { kind: 'lost-ack' };
  if (draw < killBeforeEffect + lostAck + timeout) {
    return { kind: 'timeout', afterForward: rng.chance(`timeout-applied:${functionName}`, 0.5) };
  }
  return { kind: 'none' };
}
