import type { AuditReport } from './run-audit.ts';

/** The readable summary of a report (the JSON has everything). */
export function formatSummary(report: AuditReport): string {
  const t = report.traffic;
  const m = report.memory;
  const lines = [
    `Ferry reliability audit ${report.runId}: ${report.passed ? 'PASSED' : `FAILED (${report.violations.length} violations)`}`,
    `  traffic: ${t.ordersAccepted} orders accepted (${t.ordersPerSecond}/s over ${t.drivingSeconds.toFixed(1)} s), ${t.requests} requests, ${t.usersCreated} users, duplicates ${t.duplicatesSent.concurrent} concurrent + ${t.duplicatesSent.sequential} sequential`,
    `  client retries: ${JSON.stringify(t.retries.byCause)}, gave up ${t.retries.gaveUp}`,
    `  faults injected: ${report.faultsInjected ? JSON.stringify(report.faultsInjected) : 'none'}`,
    `  drain: ${report.drain.drained ? 'drained' : 'NOT drained'} in ${report.drain.seconds} s`,
    `  outcomes: ${JSON.stringify(report.outcomes)}`,
    `  accept -> final: p50 ${report.acceptToFinalMillis.p50} ms, p99 ${report.acceptToFinalMillis.p99} ms, max ${report.acceptToFinalMillis.max} ms`,
    `  dead letters: ${report.deadLetters.total} (unexpected ${report.deadLetters.unexpected.length})`,
  ];
  if (m?.start && m.end) {
    lines.push(
      `  memory: process RSS ${m.start.rssMb} -> ${m.end.rssMb} MB (peak ${m.peakRssMb}, slope ${m.rssSlopeMbPerMinute} MB/min over the second half), heap ${m.start.heapUsedMb} -> ${m.end.heapUsedMb} MB (slope ${m.heapSlopeMbPerMinute} MB/min), DynamoDB Local JVM ${m.start.dynamoDbRssMb ?? '?'} -> ${m.end.dynamoDbRssMb ?? '?'} MB, environments ${m.start.environments ?? '?'} -> ${m.end.environments ?? '?'} (peak ${Math.max(0, ...m.samples.map((s) => s.environments ?? 0))})`,
    );
  }
  const byKind = new Map<string, number>();
  for (const v of report.violations) byKind.set(v.kind, (byKind.get(v.kind) ?? 0) + 1);
  for (const [kind, count] of byKind) {
    lines.push(`  VIOLATION ${kind} x${count}`);
    for (const v of report.violations.filter((x) => x.kind === kind).slice(0, 5))
      lines.push(`    ${v.detail}`);
  }
  lines.push(`  wall time ${report.wallSeconds} s`);
  return lines.join('\n');
}
