import type { StateVisit } from './asl';
import { HISTORY_LIMIT_CAUSE, MAX_HISTORY_EVENTS } from './limits';

/** One event in the shape of GetExecutionHistory's `HistoryEvent` (timestamp as a Date). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** The slice of aws-local-stepfunctions' event log the history reads. */
export interface LibraryEvent {
  readonly type: string;
  readonly state?: { name: string; type: string; input: unknown; output?: unknown };
  readonly parentState?: { name: string; type: string };
  readonly index?: number;
  readonly Error?: string;
  readonly Cause?: unknown;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const payload = (_value: unknown) => ({ truncated: false });

/**
 * Appends events in AWS's shape; ids count from 1. Each event points at the
 * one before it in its own chain: inside a Map iteration, the iteration's
 * previous event (iterations run side by side, so that is often not id - 1);
 * elsewhere, the event before it.
 *
 * The history holds at most 25,000 events, as in AWS: the last one is
 * ExecutionSucceeded if that is what comes next, else ExecutionFailed, and
 * `onFull` tells the engine to stop the execution.
 */
export class ExecutionHistory {
  readonly events: HistoryEvent[] = [];
  /** Called once, when event 25,000 ended the execution as failed. */
  onFull?: () => void;
  /** Last event id of each Map iteration, keyed `MapName[index]`. */
  private readonly chains = new Map<string, number>();
  /** Iterations whose Task, by state name, was entered or retried and has not yet written its task events. */
  private readonly pendingTasks = new Map<string, string[]>();
  /** Id of each Map state's latest MapStateStarted: every iteration's chain starts there. */
  private readonly mapStarted = new Map<string, number>();

  constructor(
    private readonly now: () => Date,
    private readonly states: ReadonlyMap<string, StateVisit>,
  ) {}

  get full(): boolean {
    return this.events.length >= MAX_HISTORY_EVENTS;
  }

  /** `chain` names the Map iteration the event belongs to, when it belongs to one. */
  add(type: string, details?: Record<string, unknown>, chain?: string): HistoryEvent {
    if (this.full) return this.events.at(-1)!;
    if (this.events.length === MAX_HISTORY_EVENTS - 1 && type !== 'ExecutionSucceeded') {
      const last = this.push('ExecutionFailed', { executionFailedEventDetails: { error: 'States.Runtime', cause: HISTORY_LIMIT_CAUSE } });
      this.onFull?.();
      return last;
    }
    return this.push(type, details, chain);
  }

  /**
   * The iteration a Task's own events (LambdaFunctionScheduled, TaskSucceeded, …)
   * belong to. The engine calls a Task's handler in the order it entered (or
   * retried) the state, so the oldest pending entry for the state is the caller.
   */
  claimChain(stateName: string): string | undefined {
    return this.pendingTasks.get(stateName)?.shift();
  }

  private push(type: string, details?: Record<string, unknown>, chain?: string): HistoryEvent {
    const id = this.events.length + 1;
    const previous = chain !== undefined ? (this.chains.get(chain) ?? id - 1) : id - 1;
    const event: HistoryEvent = { timestamp: this.now(), type, id, previousEventId: previous, ...details };
    this.events.push(event);
    if (chain !== undefined) this.chains.set(chain, id);
    return event;
  }

  /** The iteration a state event inside a Map belongs to: the innermost Map and the event's index. */
  private chainOf(event: LibraryEvent): string | undefined {
    if (event.index === undefined || !event.state) return undefined;
    const parents = this.states.get(event.state.name)?.parents ?? [];
    const map = [...parents].reverse().find((name) => this.states.get(name)?.state.Type === 'Map');
    return map === undefined ? undefined : `${map}[${event.index}]`;
  }

  /** Maps one library event; Task lifecycle events come from the task handlers instead. */
  fromLibrary(event: LibraryEvent): void {
    const chain = this.chainOf(event);
    switch (event.type) {
      case 'StateEntered': {
        const { name, input } = event.state!;
        const type = this.originalType(name);
        this.add(`${type}StateEntered`, { stateEnteredEventDetails: { name, input: json(input), inputDetails: payload(input) } }, chain);
        if (type === 'Map') {
          const started = this.add('MapStateStarted', { mapStateStartedEventDetails: { length: this.mapLength(name, input) } }, chain);
          this.mapStarted.set(name, started.id);
        }
        if (type === 'Parallel') this.add('ParallelStateStarted', undefined, chain);
        if (type === 'Task' && chain !== undefined) this.pendTask(name, chain);
        break;
      }
      case 'StateRetried':
        if (chain !== undefined && this.originalType(event.state!.name) === 'Task') this.pendTask(event.state!.name, chain);
        break;
      case 'StateExited': {
        const { name, output } = event.state!;
        const type = this.originalType(name);
        if (type === 'Map') this.add('MapStateSucceeded', undefined, chain);
        if (type === 'Parallel') this.add('ParallelStateSucceeded', undefined, chain);
        this.add(`${type}StateExited`, { stateExitedEventDetails: { name, output: json(output), outputDetails: payload(output) } }, chain);
        break;
      }
      case 'StateFailed': {
        const { name } = event.state!;
        const type = this.originalType(name);
        if (type === 'Map') this.add('MapStateFailed', undefined, chain);
        if (type === 'Parallel') this.add('ParallelStateFailed', undefined, chain);
        break;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
        const iteration = `${event.parentState!.name}[${event.index}]`;
        // Each iteration's chain starts at its Map's MapStateStarted.
        if (event.type === 'MapIterationStarted') this.chains.set(iteration, this.mapStarted.get(event.parentState!.name) ?? this.events.length);
        this.add(event.type, { [key]: { name: event.parentState!.name, index: event.index } }, iteration);
        break;
      }
      default:
        // ParallelBranch* have no AWS counterpart; StateRetried/StateCaught show as the next TaskScheduled or state entry.
        break;
    }
  }

  private pendTask(stateName: string, chain: string): void {
    const queue = this.pendingTasks.get(stateName) ?? [];
    queue.push(chain);
    this.pendingTasks.set(stateName, queue);
  }

  private originalType(name: string): string {
    return this.states.get(name)?.state.Type ?? 'Task';
  }

  private mapLength(name: string, input: unknown): number | undefined {
    const itemsPath = this.states.get(name)?.state.ItemsPath as string | undefined;
    let items: unknown = input;
    if (itemsPath && itemsPath !== '$') {
      for (const key of itemsPath.replace(/^\$\.?/, '').split('.')) items = (items as Record<string, unknown> | undefined)?.[key];
    }
    return Array.isArray(items) ? items.length : undefined;
  }
}
