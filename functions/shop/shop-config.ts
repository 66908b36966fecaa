import { ConfigurationError } from '../../runtime/errors.ts';

/** Environment variables the shop stack sets on its functions. */
export const SHOP_ENV = {
  /** The shop's single table (orders, inventory, users, notifications, payment ledger). */
  table: 'SHOP_TABLE',
  /** The priority lane a notifier serves: `urgent` or `routine`. */
  lane: 'SHOP_LANE',
} as const;

/** Reads a required environment variable, or says which one is missing and who sets it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) {
    throw new ConfigurationError(
      `${name} is not set; the shop stack (infra/shop-stack.ts) sets it on every shop function`,
    );
  }
  return value;
}

/** The lane named by SHOP_LANE, refusing anything but `urgent` and `routine`. */
export function laneFromEnv(env: NodeJS.ProcessEnv = process.env): 'urgent' | 'routine' {
  const lane = requiredEnv(SHOP_ENV.lane, env);
  if (lane !== 'urgent' && lane !== 'routine') {
    throw new ConfigurationError(`${SHOP_ENV.lane} must be "urgent" or "routine", got "${lane}"`);
  }
  return lane;
}
