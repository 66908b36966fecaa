import type { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { outboxesOfFunctions } from '../../../ops/discovery/relay-outboxes.ts';
import { ENV } from '../../../runtime/contract.ts';

const environments: Record<string, Record<string, string> | undefined> = {
  'shop-api': { [ENV.outboxTable]: 'shop-outbox' },
  'shop-relay': { [ENV.outboxTable]: 'shop-outbox', [ENV.outboxRoutes]: '{"OrderPlaced":[]}' },
  'users-relay': { [ENV.outboxTable]: 'users-outbox', [ENV.outboxRoutes]: '{"*":[]}' },
  'no-env': undefined,
};

describe('outboxesOfFunctions', () => {
  it('takes every function with an outbox table and routes as a relay, with the routes it really uses', async () => {
    const asked: string[] = [];
    const lambda = {
      send: async (command: GetFunctionConfigurationCommand) => {
        const name = command.input.FunctionName ?? '';
        asked.push(name);
        const variables = environments[name];
        return variables ? { Environment: { Variables: variables } } : {};
      },
    };

    const outboxes = await outboxesOfFunctions(
      lambda as never,
      Object.keys(environments).map((name) => ({ logicalId: name, name })),
    );

    expect(outboxes).toEqual([
      { table: 'shop-outbox', routes: '{"OrderPlaced":[]}' },
      { table: 'users-outbox', routes: '{"*":[]}' },
    ]);
    expect(asked.sort()).toEqual(Object.keys(environments).sort());
  });

  it('lets a Lambda error through (no permission must not look like "no outbox")', async () => {
    const denied = Object.assign(new Error('not authorized to perform lambda:GetFunctionConfiguration'), {
      name: 'AccessDeniedException',
    });
    const lambda = { send: async () => Promise.reject(denied) };

    await expect(
      outboxesOfFunctions(lambda as never, [{ logicalId: 'Relay', name: 'relay' }]),
    ).rejects.toThrow(/lambda:GetFunctionConfiguration/);
  });
});
