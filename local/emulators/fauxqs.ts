import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { EmulatorStartError } from './errors.ts';
import { acceptSupplementaryCharacters } from './fauxqs-characters.ts';
import { fixFauxqsPersistence } from './fauxqs-persistence-fix.ts';
import { waitUntil } from './wait-until.ts';

/** Options for {@link startSqsEmulator}. */
export interface SqsEmulatorOptions {
  /**
   * Listen on this loopback port.
   * @default - a free port chosen by the OS
   */
  readonly port?: number;
  /**
   * Keep queues and messages in SQLite files in this folder.
   * @default - in memory
   */
  readonly persistDir?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
}

/** A running in-process SQS emulator. */
export interface SqsEmulator {
  readonly endpoint: string;
  readonly port: number;
  /** The fauxqs server, for inspection (queue contents without receiving). */
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs in this process and resolves once it answers `ListQueues`. Queue URLs look like
 * `http://sqs.<region>.localhost:<port>/000000000000/<name>`. AWS SDK v3 sends to a queue URL's host
 * when it differs from the configured endpoint, so every Ferry process that talks to the emulator
 * resolves `*.localhost` to loopback, as RFC 6761 reserves it (see loopback-dns.ts). fauxqs binds
 * 0.0.0.0 (its API offers no choice); Ferry only addresses it through 127.0.0.1.
 */
export async function startSqsEmulator(options: SqsEmulatorOptions = {}): Promise<SqsEmulator> {
  await acceptSupplementaryCharacters();
  if (options.persistDir) await fixFauxqsPersistence();
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: 'localhost',
    logger: false,
    // The local metrics count sends and deletes from the spy (local/observability/sqs-recorder.ts).
    messageSpies: true,
    defaultRegion: options.region ?? 'us-east-1',
    ...(options.persistDir ? { dataDir: options.persistDir } : {}),
  });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = new SQSClient({
    endpoint,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  try {
    await waitUntil(() => client.send(new ListQueuesCommand({ MaxResults: 1 })), { timeoutMillis: 10_000 });
  } catch (error) {
    await stop();
    throw new EmulatorStartError(`fauxqs did not answer on ${endpoint}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    client.destroy();
  }
  return { endpoint, port: server.port, server, stop };
}
