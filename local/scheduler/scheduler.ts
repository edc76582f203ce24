import { randomUUID } from 'node:crypto';
import type { PlatformClock } from '../clock';
import type { LocalCloudAssembly, LocalSchedule, ScheduleTarget } from '../cfn';
import type { LocalStepFunctions } from '../sfn/engine';
import { parseScheduleExpression, type ScheduleExpression } from './expressions';

export interface FiredSchedule {
  readonly schedule: string;
  readonly source: LocalSchedule['source'];
  /** Virtual time the schedule was due. */
  readonly scheduledTime: Date;
  readonly targetArn: string;
  readonly executionArn?: string;
  readonly error?: string;
}

export interface LocalSchedulerOptions {
  readonly assembly: LocalCloudAssembly;
  readonly engine: LocalStepFunctions;
  readonly clock: PlatformClock;
  /** Fire every schedule once at start(), so caches fill without waiting a period. @default false */
  readonly fireOnStart?: boolean;
  readonly onFire?: (fired: FiredSchedule) => void;
}

interface Armed {
  readonly schedule: LocalSchedule;
  readonly expression: ScheduleExpression;
  cancel?: () => void;
  nextAt?: number;
}

/**
 * Fires the app's ENABLED EventBridge Scheduler schedules and scheduled
 * EventBridge rules whose targets are state machines, on the virtual clock.
 * Other targets are skipped and listed by `skipped`.
 */
export class LocalScheduler {
  readonly fired: FiredSchedule[] = [];
  readonly skipped: { schedule: string; reason: string }[] = [];
  private armed: Armed[] = [];

  constructor(private readonly options: LocalSchedulerOptions) {}

  get running(): boolean {
    return this.armed.length > 0;
  }

  /** Next fire time (virtual) of each armed schedule. */
  upcoming(): { schedule: string; expression: string; nextAt?: Date }[] {
    return this.armed.map((a) => ({ schedule: a.schedule.name, expression: a.expression.text, nextAt: a.nextAt ? new Date(a.nextAt) : undefined }));
  }

  /** `fireOnStart` overrides the option given at construction. */
  start(options: { fireOnStart?: boolean } = {}): void {
    if (this.running) return;
    const fireOnStart = options.fireOnStart ?? this.options.fireOnStart;
    const { clock, assembly, engine } = this.options;
    const machineArns = new Set(engine.listStateMachines().map((m) => m.arn));
    const now = clock.now();
    for (const schedule of assembly.schedules) {
      if (!schedule.enabled) {
        this.skipped.push({ schedule: schedule.name, reason: 'DISABLED' });
        continue;
      }
      if (!schedule.targets.some((t) => machineArns.has(t.arn))) {
        this.skipped.push({ schedule: schedule.name, reason: 'no state machine target' });
        continue;
      }
      let expression: ScheduleExpression;
      try {
        expression = parseScheduleExpression(schedule.expression, now);
      } catch (err) {
        this.skipped.push({ schedule: schedule.name, reason: (err as Error).message });
        continue;
      }
      const armed: Armed = { schedule, expression };
      this.armed.push(armed);
      if (fireOnStart) this.fire(armed, now);
      this.arm(armed, now);
    }
  }

  stop(): void {
    for (const a of this.armed) a.cancel?.();
    this.armed = [];
  }

  private arm(armed: Armed, after: number): void {
    const { clock } = this.options;
    const next = armed.expression.next(after);
    armed.nextAt = next;
    if (next === undefined) return;
    armed.cancel = clock.setTimer(next - clock.now(), () => {
      if (!this.armed.includes(armed)) return;
      this.fire(armed, next);
      this.arm(armed, next);
    });
  }

  private fire(armed: Armed, dueAt: number): void {
    const { schedule } = armed;
    const machineArns = new Set(this.options.engine.listStateMachines().map((m) => m.arn));
    for (const target of schedule.targets) {
      if (!machineArns.has(target.arn)) continue;
      let fired: FiredSchedule;
      const base = { schedule: schedule.name, source: schedule.source, scheduledTime: new Date(dueAt), targetArn: target.arn };
      try {
        const { executionArn } = this.options.engine.startExecution({
          stateMachineArn: target.arn,
          name: randomUUID(),
          input: this.inputFor(schedule, target, dueAt),
        });
        fired = { ...base, executionArn };
      } catch (err) {
        fired = { ...base, error: `${(err as Error).name}: ${(err as Error).message}` };
      }
      this.fired.push(fired);
      this.options.onFire?.(fired);
    }
  }

  private inputFor(schedule: LocalSchedule, target: ScheduleTarget, dueAt: number): string {
    if (target.input !== undefined) return target.input;
    if (schedule.source === 'AWS::Scheduler::Schedule') return '{}';
    // A scheduled rule without Input sends the Scheduled Event.
    const { accountId, region, partition } = this.options.assembly.environment;
    return JSON.stringify({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: accountId,
      time: new Date(dueAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:${partition}:events:${region}:${accountId}:rule/${schedule.name}`],
      detail: {},
    });
  }
}
