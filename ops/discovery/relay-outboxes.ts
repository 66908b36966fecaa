import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ENV } from '../../runtime/contract.ts';
import type { FunctionRef, OutboxRef } from './stack-resources.ts';

/** GetFunctionConfiguration calls in flight at once (Lambda's control plane throttles bursts). */
const CONCURRENT_READS = 4;

/**
 * Finds a deployed stack's outboxes: every function whose environment names an outbox table and
 * routes is a relay (the TransactionalOutbox construct sets both), so the routes the CLI replays
 * through are the ones the relay really uses, not a copy that may have drifted.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
 */
export async function outboxesOfFunctions(
  lambda: Pick<LambdaClient, 'send'>,
  functions: readonly FunctionRef[],
): Promise<OutboxRef[]> {
  const outboxes: OutboxRef[] = [];
  const pending = [...functions];
  const readNext = async (): Promise<void> => {
    for (let fn = pending.shift(); fn; fn = pending.shift()) {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn.name }));
      const variables = configuration.Environment?.Variables ?? {};
      const table = variables[ENV.outboxTable];
      const routes = variables[ENV.outboxRoutes];
      if (table && routes) outboxes.push({ table, routes });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, readNext));
  return outboxes.sort((a, b) => a.table.localeCompare(b.table));
}
