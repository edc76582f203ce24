import type { StateVisit } from './asl';

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

/** Appends events in AWS's shape; ids count from 1 and each event points at the one before it. */
export class ExecutionHistory {
  readonly events: HistoryEvent[] = [];

  constructor(
    private readonly now: () => Date,
    private readonly states: ReadonlyMap<string, StateVisit>,
  ) {}

  add(type: string, details?: Record<string, unknown>): HistoryEvent {
    const id = this.events.length + 1;
    const event: HistoryEvent = { timestamp: this.now(), type, id, previousEventId: id - 1, ...details };
    this.events.push(event);
    return event;
  }

  /** Maps one library event; Task lifecycle events come from the task handlers instead. */
  fromLibrary(event: LibraryEvent): void {
    switch (event.type) {
      case 'StateEntered': {
        const { name, input } = event.state!;
        const type = this.originalType(name);
        this.add(`${type}StateEntered`, { stateEnteredEventDetails: { name, input: json(input), inputDetails: payload(input) } });
        if (type === 'Map') this.add('MapStateStarted', { mapStateStartedEventDetails: { length: this.mapLength(name, input) } });
        if (type === 'Parallel') this.add('ParallelStateStarted');
        break;
      }
      case 'StateExited': {
        const { name, output } = event.state!;
        const type = this.originalType(name);
        if (type === 'Map') this.add('MapStateSucceeded');
        if (type === 'Parallel') this.add('ParallelStateSucceeded');
        this.add(`${type}StateExited`, { stateExitedEventDetails: { name, output: json(output), outputDetails: payload(output) } });
        break;
      }
      case 'StateFailed': {
        const { name } = event.state!;
        const type = this.originalType(name);
        if (type === 'Map') this.add('MapStateFailed');
        if (type === 'Parallel') this.add('ParallelStateFailed');
        break;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type[0]!.toLowerCase()}${event.type.slice(1)}EventDetails`;
        this.add(event.type, { [key]: { name: event.parentState!.name, index: event.index } });
        break;
      }
      default:
        // ParallelBranch* have no AWS counterpart; StateRetried/StateCaught show as the next TaskScheduled or state entry.
        break;
    }
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
