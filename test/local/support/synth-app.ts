import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { type CloudAssembly, readCloudAssembly, type StackArtifact } from '../../../local/assembly/index.ts';
import { uniqueName } from '../../support/unique-name.ts';
import { tempDir } from './temp-dir.ts';

/** Synthesizes a tiny CDK app into a temporary cdk.out and reads it back, as the local cloud does. */
export function synthApp(build: (app: App) => void): CloudAssembly {
  const outdir = join(tempDir('cdk'), 'cdk.out');
  const app = new App({ outdir });
  build(app);
  app.synth();
  return readCloudAssembly(outdir);
}

/** Synthesizes one stack with a unique name (so its generated resource names are unique too). */
export function synthStack(build: (stack: Stack) => void): StackArtifact {
  const stackName = uniqueName('Stack').replace(/[^A-Za-z0-9-]/g, '');
  const assembly = synthApp((app) => build(new Stack(app, stackName)));
  const [stack] = assembly.stacks;
  if (!stack) throw new Error('the test app synthesized no stack');
  return stack;
}
