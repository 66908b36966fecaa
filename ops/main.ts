import { CommanderError } from 'commander';
import { adviceFor, OpsError } from './errors.ts';
import type { CliIo } from './output/io.ts';
import { createProgram } from './program.ts';

/** Commander's codes for help and version output, which end the command successfully. */
const HELP_CODES: ReadonlySet<string> = new Set([
  'commander.helpDisplayed',
  'commander.version',
  'commander.help',
]);

/**
 * Runs the `ferry` command line with `argv` (as `process.argv`: node, script, arguments) and
 * resolves to the exit code: 0 done, 1 failed, 2 the command line was wrong. Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return HELP_CODES.has(error.code) ? 0 : 2;
    if (error instanceof OpsError) {
      io.stderr.write(`ferry: ${error.message}\n`);
      return error.exitCode;
    }
    const advice = adviceFor(error);
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `ferry: ${advice ?? `${name}: ${message} (run again; if it persists, check the endpoint and permissions)`}\n`,
    );
    return 1;
  }
}
