import { randomUUID } from 'node:crypto';
import type { VirtualClock } from '../clock';
import type { LocalAwsEnvironment } from '../cfn';
import type { LocalLambda } from '../lambda';
import type { LocalStepFunctions } from '../sfn/engine';
import { EventPatternNotImplementedError, matchesEventPattern } from './pattern';
import type { EventRule, EventRuleTarget } from './rules';

/** An event as EventBridge delivers it to a target. */
export interface EventBridgeEvent<Detail = Record<string, unknown>> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** Second precision, as EventBridge writes it: `2026-12-02T14:37:26Z`. */
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Detail;
}

export interface Delivery {
  readonly rule: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly eventId: string;
  readonly detailType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attempts: number;
  /** For a state-machine target, the execution it started. */
  executionArn?: string;
  error?: string;
}

export interface LocalEventBusOptions {
  readonly rules: readonly EventRule[];
  readonly environment: Required<LocalAwsEnvironment>;
  readonly lambda: LocalLambda;
  readonly engine: LocalStepFunctions;
  readonly clock: VirtualClock;
  /**
   * Lambda retries a failed asynchronous invocation twice, after about one
   * and two minutes (virtual). @default [60_000, 120_000]
   */
  readonly lambdaRetryDelaysMs?: readonly number[];
}

/**
 * The local default event bus: it evaluates the EventBridge rules
 * synthesized from the app (their EventPattern, as EventBridge does) and
 * delivers each matching event to the rules' targets. A Lambda target runs
 * its handler in-process, asynchronously as EventBridge invokes Lambda (with
 * Lambda's two retries); a state-machine target starts an execution. Any
 * other target, or an input transformer, is recorded as a NotImplemented
 * delivery rather than skipped in silence.
 *
 * Producers: the Step Functions engine (execution status changes) and, in
 * time, the simulated estate (`aws.drs` events). Use `publish` for AWS
 * service events and `putEvents` for custom ones.
 */
export class LocalEventBus {
  readonly deliveries: Delivery[] = [];
  /** Every event the bus received, matched or not. */
  readonly received: EventBridgeEvent[] = [];
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  private readonly detachers: Array<() => void> = [];

  constructor(private readonly options: LocalEventBusOptions) {}

  get rules(): readonly EventRule[] {
    return this.options.rules;
  }

  /** An AWS service's event (e.g. source `aws.states`), which only AWS may send: the envelope is filled in here. */
  publish(source: string, detailType: string, detail: Record<string, unknown>, resources: string[] = [], time?: Date): EventBridgeEvent {
    const { accountId, region } = this.options.environment;
    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: accountId,
      time: (time ?? this.options.clock.date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources,
      detail,
    };
    this.dispatch(event, 'default');
    return event;
  }

  /** PutEvents: custom events; `aws.` sources are AWS's own and refused, as EventBridge does. */
  putEvents(entries: ReadonlyArray<{ Source: string; DetailType: string; Detail: string; Resources?: string[]; Time?: Date; EventBusName?: string }>): {
    FailedEntryCount: number;
    Entries: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
  } {
    const results = entries.map((entry) => {
      if (entry.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: `Not authorized for the source ${entry.Source}` };
      let detail: Record<string, unknown>;
      try {
        detail = JSON.parse(entry.Detail) as Record<string, unknown>;
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      const { accountId, region } = this.options.environment;
      const event: EventBridgeEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: accountId,
        time: (entry.Time ?? this.options.clock.date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: entry.Resources ?? [],
        detail,
      };
      this.dispatch(event, entry.EventBusName?.split('/').pop() ?? 'default');
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Resolves once every delivery started so far (and any it caused, e.g. events of executions it started) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Runs `detach` (e.g. unsubscribing a producer) when the bus closes. */
  onClose(detach: () => void): void {
    this.detachers.push(detach);
  }

  /** Stops accepting events and waits for deliveries in flight. */
  async close(): Promise<void> {
    this.closed = true;
    for (const detach of this.detachers.splice(0)) detach();
    await this.settled();
  }

  private dispatch(event: EventBridgeEvent, bus: string): void {
    if (this.closed) return;
    this.received.push(event);
    for (const rule of this.options.rules) {
      if (!rule.enabled || rule.eventBusName !== bus) continue;
      let matched: boolean;
      try {
        matched = matchesEventPattern(rule.eventPattern, event);
      } catch (err) {
        for (const target of rule.targets) this.record(rule, target, event, 'FAILED', `${(err as Error).name}: ${(err as Error).message}`);
        continue;
      }
      if (!matched) continue;
      for (const target of rule.targets) this.deliver(rule, target, event);
    }
  }

  private record(rule: EventRule, target: EventRuleTarget, event: EventBridgeEvent, status: Delivery['status'], error?: string): Delivery {
    const delivery: Delivery = { rule: rule.name, targetId: target.id, targetArn: target.arn, eventId: event.id, detailType: event['detail-type'], status, attempts: 0, error };
    this.deliveries.push(delivery);
    return delivery;
  }

  private deliver(rule: EventRule, target: EventRuleTarget, event: EventBridgeEvent): void {
    const delivery = this.record(rule, target, event, 'PENDING');
    // EventBridge delivers after the producer's call returns, never inside it.
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.send(delivery, target, event))
      .then(
        () => {
          delivery.status = 'SUCCEEDED';
        },
        (err: Error) => {
          delivery.status = 'FAILED';
          delivery.error = `${err.name}: ${err.message}`;
        },
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  private async send(delivery: Delivery, target: EventRuleTarget, event: EventBridgeEvent): Promise<void> {
    if (target.inputTransformer !== undefined) throw new EventPatternNotImplementedError('The local event bus does not implement InputTransformer');
    const payload = target.input !== undefined ? (JSON.parse(target.input) as unknown) : target.inputPath ? selectPath(event, target.inputPath) : event;
    const { lambda, engine } = this.options;
    if (/^arn:[^:]+:lambda:/.test(target.arn)) {
      const delays = this.options.lambdaRetryDelaysMs ?? [60_000, 120_000];
      for (let attempt = 0; ; attempt++) {
        delivery.attempts = attempt + 1;
        try {
          await lambda.invoke(target.arn, payload);
          return;
        } catch (err) {
          if (attempt >= delays.length || this.closed) throw err;
          await this.options.clock.sleep(delays[attempt]!);
        }
      }
    }
    if (/^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:/.test(target.arn)) {
      delivery.attempts = 1;
      delivery.executionArn = engine.startExecution({ stateMachineArn: target.arn, input: JSON.stringify(payload) }).executionArn;
      return;
    }
    throw new EventPatternNotImplementedError(`The local event bus does not deliver to ${target.arn}`);
  }
}

/** InputPath: a plain `$.a.b` path, the form EventBridge targets use. */
function selectPath(event: EventBridgeEvent, path: string): unknown {
  if (path === '$') return event;
  if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(path)) throw new EventPatternNotImplementedError(`The local event bus does not implement the InputPath ${path}`);
  let value: unknown = event;
  for (const key of path.slice(2).split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}
