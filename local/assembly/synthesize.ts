import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type CloudAssembly, readCloudAssembly } from './cloud-assembly.ts';
import { SynthError } from './errors.ts';

/** Options for {@link synthesize}. */
export interface SynthesizeOptions {
  /** Where the cloud assembly goes (`cdk synth -o`). */
  readonly outdir: string;
  /**
   * The project folder: where `cdk.json` and `node_modules/aws-cdk` are found.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The command that runs the CDK app (`cdk synth --app`).
   * @default - the `app` of `cdk.json` in `cwd`
   */
  readonly app?: string;
  /** Context values (`cdk synth -c key=value`). @default {} */
  readonly context?: Readonly<Record<string, string>>;
  /** Extra environment for the app process. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** The synth is stopped and fails after this long. @default 300_000 (5 minutes: bundling takes a while) */
  readonly timeoutMillis?: number;
}

const OUTPUT_TAIL_CHARS = 4_000;

function cdkCli(cwd: string): string {
  try {
    return createRequire(join(cwd, 'package.json')).resolve('aws-cdk/bin/cdk');
  } catch (error) {
    throw new SynthError(
      `The CDK CLI (aws-cdk) is not installed in ${cwd}. Run \`npm install\` there, then try again.`,
      null,
      '',
      { cause: error },
    );
  }
}

/**
 * Synthesizes a CDK app the way `cdk deploy` does (assets bundled), by running the project's own
 * CDK CLI (`cdk synth --quiet -o <outdir>`) as a child process, then reads the assembly it wrote.
 * Fails with a {@link SynthError} that carries the end of the app's output when the app fails.
 * @see https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html
 */
export async function synthesize(options: SynthesizeOptions): Promise<CloudAssembly> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const outdir = resolve(cwd, options.outdir);
  if (options.app === undefined && !existsSync(join(cwd, 'cdk.json'))) {
    throw new SynthError(
      `No CDK app to synthesize in ${cwd}: it has no cdk.json. Pass app (such as 'npx tsx infra/app.ts') ` +
        'or run from the project folder.',
      null,
      '',
    );
  }
  const args = [cdkCli(cwd), 'synth', '--quiet', '--no-notices', '--output', outdir];
  if (options.app !== undefined) args.push('--app', options.app);
  for (const [key, value] of Object.entries(options.context ?? {})) args.push('--context', `${key}=${value}`);
  const timeoutMillis = options.timeoutMillis ?? 300_000;

  const { exitCode, output, timedOut } = await new Promise<{
    exitCode: number | null;
    output: string;
    timedOut: boolean;
  }>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd,
      // Telemetry would reach out to the network on every local start.
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let captured = '';
    const keep = (chunk: Buffer): void => {
      captured = (captured + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      child.kill('SIGKILL');
    }, timeoutMillis);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(
        new SynthError(`Could not start the CDK CLI: ${error.message}.`, null, captured, { cause: error }),
      );
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ exitCode: code, output: captured.trim(), timedOut: expired });
    });
  });

  if (timedOut) {
    throw new SynthError(
      `cdk synth did not finish within ${timeoutMillis} ms and was stopped. Check the app for a hang ` +
        '(a lookup, a prompt) or raise timeoutMillis.',
      exitCode,
      output,
    );
  }
  if (exitCode !== 0) {
    throw new SynthError(
      `cdk synth failed with exit code ${exitCode}. Fix the CDK app; its output ends with:\n${output}`,
      exitCode,
      output,
    );
  }
  if (!existsSync(join(outdir, 'manifest.json'))) {
    throw new SynthError(
      `cdk synth succeeded but wrote no manifest.json to ${outdir}. Make sure the app calls app.synth() ` +
        'and does not set its own outdir.',
      exitCode,
      output,
    );
  }
  return readCloudAssembly(outdir);
}
