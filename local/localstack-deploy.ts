import { spawnSync } from 'node:child_process';

/**
 * `npm run localstack:deploy`: deploys the app to a running LocalStack with aws-cdk-local
 * (`cdklocal`). LocalStack needs Docker and, since 2025, an auth token; without either this stops
 * at once and says so, instead of failing half-way through a bootstrap.
 */
const endpoint = process.env.AWS_ENDPOINT_URL ?? 'http://localhost.localstack.cloud:4566';

function stop(message: string): never {
  console.error(`localstack:deploy: ${message}`);
  process.exit(1);
}

if (!process.env.LOCALSTACK_AUTH_TOKEN) {
  stop(
    'LOCALSTACK_AUTH_TOKEN is not set. LocalStack needs Docker and an auth token: start it with `localstack start` ' +
      'and export the token. Without Docker, use `npm start` (the local cloud) instead.',
  );
}
const health = await fetch(new URL('/_localstack/health', endpoint)).catch(() => undefined);
if (!health?.ok)
  stop(
    `no LocalStack answers at ${endpoint}. Start it (\`localstack start\`, needs Docker) or set AWS_ENDPOINT_URL.`,
  );

const stacks = process.argv.slice(2);
for (const args of [
  ['bootstrap'],
  ['deploy', '--require-approval', 'never', ...(stacks.length ? stacks : ['FerryShop'])],
]) {
  const result = spawnSync('npx', ['cdklocal', ...args], { stdio: 'inherit' });
  if (result.status !== 0) stop(`cdklocal ${args[0]} failed (exit ${result.status}); see its output above.`);
}
console.log(
  'localstack:deploy: done. Run the end-to-end suite against it with SHOP_API_URL=<ApiUrl output> npm test -- test/e2e',
);
