import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCloud } from './cloud/local-cloud.ts';
import { watchAndSwap } from './cloud/watch.ts';
import { defaultFaultPlan } from './faults/index.ts';

const USAGE = `Usage: npm start -- [options]

Runs the CDK app of cdk.json on this machine: DynamoDB Local and fauxqs for the data, every
Lambda function in local execution environments, the event source mappings and the HTTP API.

Options:
  --port N                   HTTP port of the API and the local pages (default: $PORT or 3000)
  --persist DIR              keep DynamoDB data in DIR across runs (default: in memory)
  --env Function.VAR=value   override a function's environment (repeatable); Function is its
                             logical id or name, e.g. --env Payment.FERRY_BACKOFF_CAP_SECONDS=2
  --assembly DIR             use an existing cloud assembly instead of synthesizing
  --watch                    rebuild when functions/ or runtime/ change and swap the changed
                             functions in, keeping queue and table contents
  --fast-alarms              shorten every alarm and dashboard period 20 times (60 s -> 3 s)
                             so alarms fire in seconds; the dashboard says so
  --faults                   inject faults at moderate rates: consumers and relays killed before
                             their effect (5%) or after it (lost ack, 5%), timeouts (2%), AWS
                             errors on 2% of the functions' calls, DynamoDB Local restarted every
                             60 s (uses a temporary data folder unless --persist is given)
  --fault-seed N             seed of the faults' random choices, to watch a run again
                             (default: random, printed at start)
  -h, --help                 show this help`;

function fail(message: string): never {
  console.error(`ferry local: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseEnvOverrides(values: readonly string[]): Record<string, Record<string, string>> {
  const overrides: Record<string, Record<string, string>> = {};
  for (const value of values) {
    const match = /^([^.=]+)\.([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
    if (!match?.[1] || !match[2]) fail(`--env expects Function.VAR=value, got "${value}"`);
    overrides[match[1]] = { ...overrides[match[1]], [match[2]]: match[3] ?? '' };
  }
  return overrides;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
  const OPTIONS = {
    port: { type: 'string' },
    persist: { type: 'string' },
    env: { type: 'string', multiple: true },
    assembly: { type: 'string' },
    watch: { type: 'boolean' },
    'fast-alarms': { type: 'boolean' },
    faults: { type: 'boolean' },
    'fault-seed': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: false });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65_536))
    fail(`--port must be 0-65535, got ${values.port}`);

  const seedText = values['fault-seed'];
  const seed = seedText === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
  if (!Number.isSafeInteger(seed)) fail(`--fault-seed must be an integer, got ${seedText}`);
  if (seedText !== undefined && !values.faults) fail('--fault-seed needs --faults');
  // DynamoDB restarts need a persisted emulator; without --persist, a throwaway folder serves.
  const persistDir =
    values.persist ?? (values.faults ? mkdtempSync(join(tmpdir(), 'ferry-faults-')) : undefined);
  if (values.faults) {
    console.log(
      `ferry local: faults on (seed ${seed}${values.persist ? '' : `, DynamoDB data in ${persistDir}`}); rerun with --faults --fault-seed ${seed}`,
    );
  }

  const started = Date.now();
  console.log('ferry local: synthesizing and provisioning...');
  const cloud = await startLocalCloud({
    ...(port === undefined ? {} : { port }),
    ...(persistDir ? { persistDir } : {}),
    ...(values.faults ? { faults: defaultFaultPlan(seed, { persisted: true }) } : {}),
    ...(values.assembly ? { assemblyDir: values.assembly } : {}),
    environmentOverrides: parseEnvOverrides(values.env ?? []),
    ...(values['fast-alarms'] ? { metricPeriodScale: 1 / 20 } : {}),
  });
  console.log(
    `ferry local: ready in ${((Date.now() - started) / 1000).toFixed(1)} s: API ${cloud.url} · health ${cloud.url}/_local/health · resources ${cloud.url}/_local/resources · dashboard ${cloud.url}/_local/dashboard · metrics ${cloud.url}/_local/metrics (${cloud.functions.size} functions, ${cloud.mappings.length} event source mappings). Ctrl-C stops.`,
  );

  if (values.watch) {
    if (values.assembly) fail('--watch rebuilds from the app; it cannot be used with --assembly');
    watchAndSwap(cloud, {
      folders: ['functions', 'runtime'],
      outdir: 'cdk.out',
      log: (line) => console.log(line),
    });
    console.log('ferry local: watching functions/ and runtime/');
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`ferry local: ${signal}, stopping...`);
    // Whatever happens, leave within 10 seconds; the emulator guard kills the JVM with us.
    setTimeout(() => process.exit(1), 10_000).unref();
    cloud.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`ferry local: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
