import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { findAsset, readCloudAssembly } from '../../../local/assembly/index.ts';
import { tempDir } from '../support/temp-dir.ts';

function synthTwoStacks(): string {
  const root = tempDir('assembly');
  const codeDir = join(root, 'code');
  mkdirSync(codeDir);
  writeFileSync(join(codeDir, 'index.js'), 'exports.handler = async () => "ok";');
  const outdir = join(root, 'cdk.out');
  const app = new App({ outdir });
  const base = new Stack(app, 'Base');
  const queue = new sqs.Queue(base, 'Queue');
  const consumer = new Stack(app, 'Consumer');
  new lambda.Function(consumer, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(codeDir),
    environment: { QUEUE_URL: queue.queueUrl },
  });
  new CfnOutput(consumer, 'Out', { value: 'x' });
  app.synth();
  return outdir;
}

describe('readCloudAssembly', () => {
  const outdir = synthTwoStacks();

  it('lists every stack after the stacks it depends on', () => {
    const assembly = readCloudAssembly(outdir);

    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['Base', 'Consumer']);
  });

  it('parses each template', () => {
    const assembly = readCloudAssembly(outdir);

    const consumer = assembly.stacks.find((stack) => stack.stackName === 'Consumer');
    const types = Object.values(consumer?.template.Resources ?? {}).map((resource) => resource.Type);
    expect(types).toContain('AWS::Lambda::Function');
  });

  it('maps a function Code.S3Key to its asset folder in cdk.out', () => {
    const assembly = readCloudAssembly(outdir);
    const consumer = assembly.stacks.find((stack) => stack.stackName === 'Consumer');
    const fn = Object.values(consumer?.template.Resources ?? {}).find(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    const code = fn?.Properties?.Code as { S3Key: string };

    const asset = findAsset(assembly.assets, code.S3Key);

    expect(asset?.packaging).toBe('zip');
    expect(existsSync(join(asset?.path ?? '', 'index.js'))).toBe(true);
  });

  it('reads the stacks of a Stage from its nested assembly', () => {
    const outdirWithStage = join(tempDir('stage'), 'cdk.out');
    const app = new App({ outdir: outdirWithStage });
    const stage = new Stage(app, 'Dev');
    new sqs.Queue(new Stack(stage, 'Inner'), 'Queue');
    app.synth();

    const assembly = readCloudAssembly(outdirWithStage);

    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['Dev-Inner']);
  });

  it('throws when the folder has no manifest.json', () => {
    const empty = tempDir('empty');

    expect(() => readCloudAssembly(empty)).toThrow(/has no manifest\.json.*cdk synth/);
  });

  it('throws when stacks depend on each other in a cycle', () => {
    const dir = tempDir('cycle');
    writeFileSync(join(dir, 'a.template.json'), '{"Resources":{}}');
    const stack = (dependency: string) => ({
      type: 'aws:cloudformation:stack',
      properties: { templateFile: 'a.template.json' },
      dependencies: [dependency],
    });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ artifacts: { A: stack('B'), B: stack('A') } }),
    );

    expect(() => readCloudAssembly(dir)).toThrow(/cycle: A -> B -> A/);
  });

  it('throws when a template is not valid JSON', () => {
    const dir = tempDir('broken');
    writeFileSync(join(dir, 'a.template.json'), '{"Resources":');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        artifacts: {
          A: { type: 'aws:cloudformation:stack', properties: { templateFile: 'a.template.json' } },
        },
      }),
    );

    expect(() => readCloudAssembly(dir)).toThrow(/Cannot read the template .*a\.template\.json/);
  });
});
