import { Command } from 'commander';
import { addDlqListCommand } from './commands/dlq-list.ts';
import { addDlqPeekCommand } from './commands/dlq-peek.ts';
import { addDlqRedriveCommand } from './commands/dlq-redrive.ts';
import { addOutboxReplayCommand } from './commands/outbox-replay.ts';
import type { CliIo } from './output/io.ts';

/**
 * The `ferry` command line: `dlq list|peek|redrive` and `outbox replay`. Commander's own errors
 * (unknown option, missing argument) are thrown as CommanderError instead of exiting, so
 * {@link runCli} decides the exit code.
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('ferry')
    .description("Ferry's on-call tool: inspect and redrive dead-letter queues, replay outbox events")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  const dlq = program.command('dlq').description('dead-letter queues of the stack');
  addDlqListCommand(dlq, io);
  addDlqPeekCommand(dlq, io);
  addDlqRedriveCommand(dlq, io);
  const outbox = program.command('outbox').description('the transactional outbox');
  addOutboxReplayCommand(outbox, io);
  return program;
}
