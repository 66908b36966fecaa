import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment of a fresh clone: no AWS credentials, region or endpoints, no Docker needed. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')),
  );
}

describe('npx cdk synth (infra/app.ts)', () => {
  let outdir: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'ferry-synth-'));
    result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: ROOT,
      env: { ...cleanEnvironment(), CDK_DISABLE_CLI_TELEMETRY: 'true' },
      encoding: 'utf8',
      timeout: 240_000,
    });
  }, 250_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('succeeds without Docker, an AWS account or credentials', () => {
    expect(result.status, String(result.stderr)).toBe(0);
  });

  it('writes the example stack template', () => {
    const template = JSON.parse(readFileSync(join(outdir, 'FerryExample.template.json'), 'utf8'));

    expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
  });

  it('writes the shop stack template with its API and outputs', () => {
    const template = JSON.parse(readFileSync(join(outdir, 'FerryShop.template.json'), 'utf8'));

    expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'DashboardName']));
  });

  it('bundles every function with the local esbuild into a minified ESM file with a source map', () => {
    const template = JSON.parse(readFileSync(join(outdir, 'FerryExample.template.json'), 'utf8'));
    const functions = Object.values(
      template.Resources as Record<string, { Type: string; Properties: never }>,
    ).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    const folders = functions.map(
      (fn: { Properties: { Code: { S3Key: string } } }) =>
        `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`,
    );

    expect(folders).toHaveLength(5);
    for (const folder of folders) {
      expect(existsSync(join(outdir, folder, 'index.mjs.map'))).toBe(true);
      expect(readFileSync(join(outdir, folder, 'index.mjs'), 'utf8')).toMatch(
        /^import\s*\{\s*createRequire\s*\}/,
      );
    }
  });
});
