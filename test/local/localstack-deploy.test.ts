import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/emulators/free-port.ts';

const script = fileURLToPath(new URL('../../local/localstack-deploy.ts', import.meta.url));

function run(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('npm run localstack:deploy', () => {
  it('fails at once without LOCALSTACK_AUTH_TOKEN, saying what LocalStack needs', () => {
    const result = run({});

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('LOCALSTACK_AUTH_TOKEN is not set');
    expect(result.stderr).toContain('npm start');
  });

  it('fails at once when no LocalStack answers', async () => {
    const result = run({
      LOCALSTACK_AUTH_TOKEN: 'token',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}`,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no LocalStack answers');
  });
});
