import type { AlarmModel, MetricAlarmModel } from './alarm-models.ts';
import { type AlarmState, nextAlarmState } from './alarm-state.ts';
import { runQueries } from './metric-query.ts';
import type { MetricStore } from './metric-store.ts';

/** An alarm's state now and the last change, as `DescribeAlarms` shows it. */
export interface AlarmStatus {
  readonly name: string;
  readonly arn: string;
  readonly kind: AlarmModel['kind'];
  readonly description: string;
  readonly state: AlarmState;
  /** The state before the last change. */
  readonly previousState: AlarmState;
  readonly reason: string;
  readonly updatedAtMillis: number;
}

/** A transition, handed to the listener (log line, SNS notification). */
export interface AlarmTransition {
  readonly model: AlarmModel;
  readonly previous: AlarmState;
  readonly status: AlarmStatus;
}

/** Options of {@link AlarmEvaluator}. */
export interface AlarmEvaluatorOptions {
  readonly store: MetricStore;
  readonly alarms: readonly AlarmModel[];
  /** Multiplies every period: 0.05 evaluates a 60 s period every 3 s. @default 1 */
  readonly periodScale?: number;
  /** Told about every state change. */
  readonly onTransition?: (transition: AlarmTransition) => void;
}

/**
 * Evaluates alarms against the metric store as CloudWatch does, over the evaluation range that
 * ends with the period in progress (so a breach shows without waiting for the period to close).
 * Every alarm starts in INSUFFICIENT_DATA; composite alarms are evaluated after the metric alarms
 * they read, in the same pass.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export class AlarmEvaluator {
  readonly #options: AlarmEvaluatorOptions;
  readonly #statuses = new Map<string, AlarmStatus>();

  constructor(options: AlarmEvaluatorOptions) {
    this.#options = options;
    for (const model of options.alarms) {
      this.#statuses.set(model.arn, {
        name: model.name,
        arn: model.arn,
        kind: model.kind,
        description: model.description,
        state: 'INSUFFICIENT_DATA',
        previousState: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        updatedAtMillis: Date.now(),
      });
    }
  }

  /** The shortest scaled period, in milliseconds: how often evaluating is worth it. */
  get shortestPeriodMillis(): number {
    const periods = this.#options.alarms
      .filter((model): model is MetricAlarmModel => model.kind === 'metric')
      .map((model) => this.#periodMillis(model));
    return periods.length === 0 ? 60_000 : Math.min(...periods);
  }

  /** Every alarm's status, in template order. */
  statuses(): AlarmStatus[] {
    return this.#options.alarms.flatMap((model) => this.#statuses.get(model.arn) ?? []);
  }

  /** Evaluates every alarm once at `nowMillis`; returns the transitions. */
  evaluate(nowMillis = Date.now()): AlarmTransition[] {
    const transitions: AlarmTransition[] = [];
    const ordered = [...this.#options.alarms].sort(
      (a, b) => Number(a.kind === 'composite') - Number(b.kind === 'composite'),
    );
    for (const model of ordered) {
      const current = this.#statuses.get(model.arn);
      if (current === undefined) continue;
      const decision =
        model.kind === 'metric'
          ? this.#decideMetric(model, current.state, nowMillis)
          : this.#decideComposite(model);
      if (decision.state === current.state) continue;
      const status = {
        ...current,
        state: decision.state,
        previousState: current.state,
        reason: decision.reason,
        updatedAtMillis: nowMillis,
      };
      this.#statuses.set(model.arn, status);
      const transition = { model, previous: current.state, status };
      transitions.push(transition);
      this.#options.onTransition?.(transition);
    }
    return transitions;
  }

  #periodMillis(model: MetricAlarmModel): number {
    return Math.max(1, model.periodSeconds * 1000 * (this.#options.periodScale ?? 1));
  }

  #decideMetric(model: MetricAlarmModel, current: AlarmState, nowMillis: number) {
    const periodMillis = this.#periodMillis(model);
    const start = nowMillis - (model.evaluationPeriods - 1) * periodMillis;
    const result = runQueries(this.#options.store, model.queries, periodMillis, start, nowMillis);
    const values = (result.lines[0]?.values ?? []).slice(-model.evaluationPeriods);
    return nextAlarmState(values, model, current);
  }

  #decideComposite(model: Extract<AlarmModel, { kind: 'composite' }>) {
    const stateOf = (alarm: string): AlarmState | undefined =>
      [...this.#statuses.values()].find((status) => status.arn === alarm || status.name === alarm)?.state;
    const alarmed = model.rule.holds(stateOf);
    const firing = model.rule.alarms.filter((alarm) => stateOf(alarm) === 'ALARM');
    return alarmed
      ? {
          state: 'ALARM' as const,
          reason: `The rule holds: ${firing.length} of its alarms in ALARM (${firing.join(', ')})`,
        }
      : { state: 'OK' as const, reason: 'The rule does not hold' };
  }
}
