import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A POSIX shell wrapper that ties a child's life to ours. It runs the command in the background and
 * reads its own stdin, a pipe whose write end only this Node process holds. When that pipe closes,
 * because we asked (stop) or because Node died in any way, SIGKILL included, the watcher sees EOF
 * and terminates the command. Node cannot set PR_SET_PDEATHSIG on a child, and a JVM ignores its
 * stdin, so this is the portable way to leave no orphan behind.
 */
const GUARD_SCRIPT = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'pid=$!',
  'echo "ferry-guard pid=$pid" >&2',
  '( while read -r _ <&3; do :; done; kill -TERM "$pid" 2>/dev/null; sleep 5; kill -KILL "$pid" 2>/dev/null ) &',
  'watcher=$!',
  'trap \'kill -TERM "$pid" 2>/dev/null\' TERM INT HUP',
  'wait "$pid"; code=$?',
  // `wait` returns early when a trapped signal arrives: wait again for the real exit.
  'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; code=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** A guarded child process and the pid of the command it runs. */
export interface GuardedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the pid of the wrapped command once the guard has started it. */
  readonly commandPid: Promise<number>;
}

/** Spawns `command` under the guard; its stderr and stdout stay readable on `child`. */
export function spawnGuarded(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): GuardedProcess {
  const child = spawn('/bin/sh', ['-c', GUARD_SCRIPT, 'ferry-guard', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const commandPid = new Promise<number>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const match = /ferry-guard pid=(\d+)/.exec(buffered);
      if (match?.[1]) {
        child.stderr.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`guard exited (code ${code}) before starting ${command}`)));
  });
  commandPid.catch(() => {});
  return { child, commandPid };
}

/** True while a process with this pid exists (zombies excluded on Linux). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const stateAt = stat.lastIndexOf(')') + 2;
    return stat.slice(stateAt, stateAt + 1) === 'Z';
  } catch {
    return false;
  }
}
