import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SynthError, synthesize } from '../../../local/assembly/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const cdkLib = createRequire(import.meta.url).resolve('aws-cdk-lib');

function writeApp(dir: string, body: string): string {
  const file = join(dir, 'app.cjs');
  writeFileSync(
    file,
    `const cdk = require(${JSON.stringify(cdkLib)});\nconst app = new cdk.App();\n${body}\napp.synth();\n`,
  );
  // The CDK CLI splits --app on spaces itself; temp paths hold none.
  return `${process.execPath} ${file}`;
}

describe('synthesize', () => {
  it('runs the CDK CLI and reads the assembly it wrote', async () => {
    const dir = tempDir('synth');
    const app = writeApp(
      dir,
      "new cdk.CfnResource(new cdk.Stack(app, 'Tiny'), 'Q', { type: 'AWS::SQS::Queue' });",
    );

    const assembly = await synthesize({ app, outdir: join(dir, 'cdk.out') });

    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['Tiny']);
  });

  it('fails with the exit code and the app output when the app throws', async () => {
    const dir = tempDir('synth-fail');
    const app = writeApp(dir, "throw new Error('queue props are wrong');");

    const failure = await synthesize({ app, outdir: join(dir, 'cdk.out') }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SynthError);
    expect((failure as SynthError).exitCode).not.toBe(0);
    expect((failure as SynthError).message).toMatch(/cdk synth failed .*queue props are wrong/s);
  });

  it('fails before running anything when there is neither an app nor a cdk.json', async () => {
    const dir = tempDir('synth-none');

    const failure = synthesize({ cwd: dir, outdir: join(dir, 'cdk.out') });

    await expect(failure).rejects.toThrow(/no cdk\.json\. Pass app/);
  });
});
