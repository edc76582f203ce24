/* eslint-disable @typescript-eslint/no-explicit-any -- ASL states and library internals are untyped */
/**
 * States.DataLimitExceeded raised inside the run, where a Catch can see it.
 *
 * AWS: "States.ALL … can't catch the States.DataLimitExceeded terminal error
 * type", and Step Functions reports it when a connector's output, a state's
 * output, or a state's input after Parameters is over the payload quota. A
 * Catch (or Retry) that names `States.DataLimitExceeded` itself does match it
 * (workflows in the wild catch it to shrink a page and go on), so here:
 * `States.ALL` and `States.TaskFailed` never match it, its own name does.
 *
 * aws-local-stepfunctions matches a catcher when the error is catchable and
 * its name (or a wildcard) is listed, and reads `error.isCatchable` once per
 * catcher, in order, from the failing state outward (each enclosing Map or
 * Parallel in turn), stopping at the first match. The error therefore carries
 * that order: for each catcher of each state on the way out, whether it names
 * States.DataLimitExceeded; it answers `isCatchable` true exactly for those,
 * and the library's own name match then takes it. It is never retried.
 */
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition, AslState, StateVisit } from './asl';
import { DATA_LIMIT_EXCEEDED, payloadOverLimit } from './limits';

export class DataLimitExceededError extends Error {
  private reads = 0;

  /** `namedBy`: per catcher, from the failing state outward, whether it lists States.DataLimitExceeded. */
  constructor(
    cause: string,
    private readonly namedBy: readonly boolean[],
  ) {
    super(cause);
    this.name = DATA_LIMIT_EXCEEDED;
  }

  /** Read by the library once per catcher it tries (see above). */
  get isCatchable(): boolean {
    return this.namedBy[this.reads++] ?? false;
  }

  get isRetryable(): boolean {
    return false;
  }
}

/** The catchers from `stateName` outward, each marked true when it names States.DataLimitExceeded. */
export function catchersNamingDataLimit(states: ReadonlyMap<string, StateVisit>, stateName: string): boolean[] {
  const visit = states.get(stateName);
  if (!visit) return [];
  const chain: AslState[] = [visit.state, ...[...visit.parents].reverse().map((name) => states.get(name)!.state)];
  return chain.flatMap((state) => ((state.Catch ?? []) as Array<{ ErrorEquals?: string[] }>).map((c) => (c.ErrorEquals ?? []).includes(DATA_LIMIT_EXCEEDED)));
}

/** Throws DataLimitExceededError when `value` is over the quota. */
export function checkDataLimit(states: ReadonlyMap<string, StateVisit>, stateName: string, subject: string, direction: 'input' | 'output', value: unknown): void {
  const cause = payloadOverLimit(subject, direction, value);
  if (cause !== undefined) throw new DataLimitExceededError(cause, catchersNamingDataLimit(states, stateName));
}

/** The Map or Parallel state whose iterations or branches run a nested definition, and the machine's state index. */
interface NestedOwner {
  readonly stateName: string;
  readonly states: ReadonlyMap<string, StateVisit>;
}

/**
 * Nested definitions (a Map's ItemProcessor, a Parallel's branches) of the
 * runtime definitions, by object: the library runs each iteration or branch
 * as `new StateMachine(thatObject).run(input)`.
 */
const nestedOwners = new WeakMap<object, NestedOwner>();
let installed = false;

/**
 * Makes the library check the input of every Map iteration (after
 * ItemSelector) and Parallel branch (the Parallel's input after Parameters)
 * of `runtime`, the definition the engine runs. An input over the quota
 * fails the iteration or branch with States.DataLimitExceeded before its
 * first state, so the Map or Parallel fails with it (or catches it by name).
 */
export function guardNestedInputs(runtime: AslDefinition, states: ReadonlyMap<string, StateVisit>): void {
  installRunGuard();
  const register = (definition: AslDefinition) => {
    for (const [stateName, state] of Object.entries(definition.States ?? {})) {
      const nested: AslDefinition[] =
        state.Type === 'Map' ? [state.ItemProcessor ?? state.Iterator].filter(Boolean) : state.Type === 'Parallel' ? [...(state.Branches ?? [])] : [];
      for (const inner of nested) {
        nestedOwners.set(inner, { stateName, states });
        register(inner);
      }
    }
  };
  register(runtime);
}

/** Wraps StateMachine#run once per process; machines that are not registered nested definitions run as before. */
function installRunGuard(): void {
  if (installed) return;
  installed = true;
  const run = StateMachine.prototype.run;
  StateMachine.prototype.run = function guardedRun(this: StateMachine, input: any, options?: any) {
    const owner = nestedOwners.get((this as unknown as { definition: object }).definition);
    const cause = owner ? payloadOverLimit(owner.stateName, 'input', input) : undefined;
    if (!owner || cause === undefined) return run.call(this, input, options);
    const error = new DataLimitExceededError(cause, catchersNamingDataLimit(owner.states, owner.stateName));
    const result = Promise.reject(new ExecutionError(error as never));
    // The Map or Parallel awaits it at once; until then, do not report it as unhandled.
    result.catch(() => undefined);
    return { abort: () => undefined, eventLogs: (async function* () {})(), result } as unknown as ReturnType<typeof run>;
  };
}
