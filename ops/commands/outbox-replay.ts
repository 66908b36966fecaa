import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { OutboxRoutes } from '../../runtime/contract.ts';
import { type ReplaySelection, replayOutbox } from '../../runtime/outbox/replay.ts';
import type { OutboxRef, StackResources } from '../discovery/stack-resources.ts';
import { OpsError, UsageError } from '../errors.ts';
import { type CliIo, writeJson } from '../output/io.ts';
import { resolveTarget } from '../target.ts';
import { type CommonOptions, isoTime, withCommonOptions } from './common.ts';

interface ReplayCommandOptions extends CommonOptions {
  readonly aggregate?: string;
  readonly aggregateType?: string;
  readonly since?: Date;
  readonly until?: Date;
  readonly table?: string;
  readonly routes?: string;
  readonly sortKeyPrefix?: string;
}

/** Turns the command's options into a replay selection; usage errors say which option is missing. */
export function selectionOf(options: ReplayCommandOptions, now: Date = new Date()): ReplaySelection {
  if (options.aggregate !== undefined) {
    if (options.since || options.until)
      throw new UsageError('pass either --aggregate or --since/--until, not both');
    const [type, id] = options.aggregate.includes('#')
      ? options.aggregate.split('#', 2)
      : [options.aggregateType, options.aggregate];
    if (!type || !id)
      throw new UsageError(
        `--aggregate needs the aggregate type: --aggregate Order#${options.aggregate} or add --aggregate-type`,
      );
    return { aggregateType: type, aggregateId: id };
  }
  if (options.since) return { from: options.since, to: options.until ?? now };
  throw new UsageError('say what to replay: --aggregate TYPE#ID, or --since TIME [--until TIME]');
}

async function routesOf(options: ReplayCommandOptions, fromStack: string | undefined): Promise<OutboxRoutes> {
  const text = options.routes?.startsWith('@')
    ? await readFile(options.routes.slice(1), 'utf8')
    : (options.routes ?? fromStack);
  if (text === undefined)
    throw new UsageError(
      "the relay's routes are unknown here (no function of the stack has FERRY_OUTBOX_ROUTES for this table): pass --routes '<JSON of FERRY_OUTBOX_ROUTES>' or --routes @file.json",
    );
  try {
    return JSON.parse(text) as OutboxRoutes;
  } catch (error) {
    throw new UsageError(
      `--routes is not valid JSON (${String(error)}): pass the relay's FERRY_OUTBOX_ROUTES value`,
    );
  }
}

function outboxOf(
  resources: StackResources,
  outboxes: readonly OutboxRef[],
  table: string | undefined,
): { table: string; routes?: string } {
  if (table) return { table, routes: outboxes.find((outbox) => outbox.table === table)?.routes };
  if (outboxes.length === 1 && outboxes[0]) return outboxes[0];
  if (outboxes.length > 1)
    throw new UsageError(
      `the stack has ${outboxes.length} outboxes (${outboxes.map((o) => o.table).join(', ')}): pass --table NAME`,
    );
  const tables = resources.tables.filter((candidate) => /outbox/i.test(candidate.logicalId));
  if (tables.length === 1 && tables[0]) return { table: tables[0].name };
  throw new UsageError(
    `found ${tables.length} outbox tables (${tables.map((t) => t.name).join(', ') || 'none'}): pass --table NAME`,
  );
}

/** `ferry outbox replay`: publishes stored outbox events again through the relay's routes. */
export function addOutboxReplayCommand(outbox: Command, io: CliIo): void {
  withCommonOptions(outbox.command('replay'))
    .description('publish stored outbox events again (consumers deduplicate on the event id)')
    .option('--aggregate <type#id>', 'one aggregate, e.g. Order#o-123 (cheap: a Query)')
    .option('--aggregate-type <type>', 'the aggregate type when --aggregate holds only the id')
    .option('--since <time>', 'events that occurred at or after this ISO 8601 time (a Scan)', isoTime)
    .option('--until <time>', 'and at or before this time (default: now)', isoTime)
    .option('--table <name>', 'the outbox table (default: found in the stack)')
    .option('--routes <json|@file>', "the relay's routes (default: read from the stack's relay function)")
    .option('--sort-key-prefix <prefix>', "the writer's sortKeyPrefix, if it has one")
    .action(async (options: ReplayCommandOptions) => {
      const select = selectionOf(options);
      const target = await resolveTarget(options);
      const outbox =
        options.table && options.routes
          ? { table: options.table }
          : outboxOf(await target.resources(), await target.outboxes(), options.table);
      const routes = await routesOf(options, outbox.routes);
      const report = await replayOutbox({
        tableName: outbox.table,
        routes,
        select,
        sortKeyPrefix: options.sortKeyPrefix,
        dynamodb: target.dynamodb,
        sqs: target.sqs,
      });
      if (options.json) writeJson(io, { table: outbox.table, ...report });
      else {
        io.stdout.write(
          `read ${report.read}, published ${report.published}, failed ${report.failed.length}, poison ${report.poison.length}\n`,
        );
        for (const problem of [...report.failed, ...report.poison])
          io.stdout.write(
            `  ${problem.eventId}${problem.sequence ? ` #${problem.sequence}` : ''}: ${problem.reason}\n`,
          );
      }
      if (report.failed.length > 0)
        throw new OpsError(
          `${report.failed.length} events were not published: fix the cause and run the same replay again`,
        );
      if (report.poison.length > 0)
        throw new OpsError(
          `${report.poison.length} events can never be published as they are: see the reasons above`,
        );
    });
}
