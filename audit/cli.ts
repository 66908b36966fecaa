import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AUDIT_DEFAULTS, FAULT_KINDS, type FaultKind } from './options.ts';
import { formatSummary } from './report.ts';
import { runAudit } from './run-audit.ts';

const positive = (name: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError(`${name} must be a positive number, got "${value}"`);
  return number;
};

const nonNegative = (name: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new InvalidArgumentError(`${name} must be a number of at least 0, got "${value}"`);
  return number;
};

/** `10m`, `90s`, `1h` or plain seconds. */
function duration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`--duration must look like 600, 90s, 10m or 1h, got "${value}"`);
  return Number(match[1]) * ({ s: 1, m: 60, h: 3600 }[match[2] ?? 's'] ?? 1);
}

const FAULT_FLAGS: Record<string, FaultKind> = {
  kill: 'killBeforeEffect',
  lostAck: 'lostAck',
  timeout: 'timeout',
  sdkErrors: 'sdkErrors',
  dynamoRestarts: 'dynamoRestarts',
};

const program = new Command('audit')
  .description(
    'Drive the shop with many clients under injected faults, drain, and check that nothing was lost or applied twice.',
  )
  .option('--orders <n>', 'orders to place', positive('--orders'), AUDIT_DEFAULTS.orders)
  .option('--concurrency <n>', 'concurrent clients', positive('--concurrency'), AUDIT_DEFAULTS.concurrency)
  .option('--seed <n>', 'seed of the workload and the faults', positive('--seed'), AUDIT_DEFAULTS.seed)
  .option('--faults', 'inject every fault (the default)')
  .option('--no-faults', 'inject no fault')
  .option('--no-kill', 'no environment killed before its effect')
  .option('--no-lost-ack', 'no lost acks (killed after the effect)')
  .option('--no-timeout', 'no invocation timeouts')
  .option('--no-sdk-errors', 'no injected AWS API errors')
  .option('--no-dynamo-restarts', 'no DynamoDB Local restarts')
  .option(
    '--dynamo-restart-every <seconds>',
    'seconds between DynamoDB Local restarts',
    positive('--dynamo-restart-every'),
  )
  .option(
    '--duration <time>',
    'soak: hold --rate orders/s this long (e.g. 10m) instead of --orders',
    duration,
  )
  .option('--rate <n>', 'orders per second during a soak', positive('--rate'), AUDIT_DEFAULTS.ratePerSecond)
  .option(
    '--fault-tail <seconds>',
    'keep faults on this long after the last order, while the pipeline catches up',
    nonNegative('--fault-tail'),
    AUDIT_DEFAULTS.faultTailSeconds,
  )
  .option(
    '--drain-timeout <seconds>',
    'how long the pipeline may take to drain',
    positive('--drain-timeout'),
    AUDIT_DEFAULTS.drainTimeoutSeconds,
  )
  .option(
    '--time-scale <factor>',
    'multiply queue visibility timeouts by this (0 < f <= 1; never below the consumer timeout + 6 s)',
    positive('--time-scale'),
    AUDIT_DEFAULTS.timeScale,
  )
  .option(
    '--backoff-cap <seconds>',
    "cap of the consumers' retry backoff (base 1 s)",
    positive('--backoff-cap'),
    AUDIT_DEFAULTS.backoffCapSeconds,
  )
  .option('--report <file>', 'write the JSON report to this file')
  .option('--function-log <file>', "append the functions' warning and error lines to this file")
  .addOption(
    new Option('--url <url>', 'audit this running local cloud (its own faults) instead of starting one'),
  )
  .parse();

const opts = program.opts();
const faults =
  opts.faults === false
    ? []
    : FAULT_KINDS.filter((kind) =>
        Object.entries(FAULT_FLAGS).every(([flag, k]) => k !== kind || opts[flag] !== false),
      );
const report = await runAudit({
  orders: opts.orders,
  concurrency: opts.concurrency,
  seed: opts.seed,
  faults,
  ...(opts.duration ? { durationSeconds: opts.duration } : {}),
  ratePerSecond: opts.rate,
  ...(opts.url ? { url: opts.url } : {}),
  ...(opts.report ? { reportFile: opts.report } : {}),
  ...(opts.functionLog ? { functionLogFile: opts.functionLog } : {}),
  drainTimeoutSeconds: opts.drainTimeout,
  faultTailSeconds: opts.faultTail,
  timeScale: opts.timeScale,
  backoffCapSeconds: opts.backoffCap,
  ...(opts.dynamoRestartEvery ? { dynamoRestartEverySeconds: opts.dynamoRestartEvery } : {}),
  log: (line) => console.error(line),
});
if (opts.report) await writeFile(opts.report, `${JSON.stringify(report, null, 2)}\n`);
console.log(formatSummary(report));
process.exit(report.passed ? 0 : 1);
