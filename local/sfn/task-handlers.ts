/* eslint-disable @typescript-eslint/no-explicit-any -- state input and output are arbitrary JSON */
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { PlatformClock } from '../clock';
import type { LocalLambda } from '../lambda';
import { LOCAL_WAIT_RESOURCE, parseResource, readReferencePath, type AslState, type StateVisit } from './asl';
import { StatesError } from './errors';
import type { ExecutionHistory } from './history';
import { invokeLambdaResource, type Integration } from './integrations';
import { checkDataLimit } from './data-limit';
import type { TaskTokenRegistry } from './tokens';

/** What a running execution gives its task handlers. */
export interface ExecutionScope {
  readonly executionArn: string;
  readonly history: ExecutionHistory;
  readonly signal: AbortSignal;
  readonly context: Record<string, unknown>;
  isRunning(): boolean;
}

export interface TaskHandlerDeps {
  readonly clock: PlatformClock;
  readonly region: string;
  readonly lambda: LocalLambda;
  readonly tokens: TaskTokenRegistry;
  readonly integrations: Readonly<Record<string, Integration>>;
}

type LocalHandler = (input: any) => Promise<any>;

/**
 * aws-local-stepfunctions runs a local function for each Task, keyed by state
 * name. This builds those functions for one execution: one per Task (and per
 * Wait, which the runtime definition turned into a Task), nested ones too.
 */
export function buildTaskHandlers(states: ReadonlyMap<string, StateVisit>, deps: TaskHandlerDeps, scope: ExecutionScope): Record<string, LocalHandler> {
  void libraryTimeoutError(); // ready before any timeout fires
  const handlers: Record<string, LocalHandler> = {};
  for (const { name, state } of states.values()) {
    if (state.Type === 'Wait') handlers[name] = (input) => waitState(state, input, deps.clock, scope);
    if (state.Type === 'Pass' && 'Parameters' in state) handlers[name] = (input) => passState(name, state, input, states, deps.clock);
    if (state.Type === 'Task') handlers[name] = (input) => runTask(name, state, input, deps, scope, states);
  }
  return handlers;
}

/** resourceType/resource as history shows them, e.g. lambda/invoke, states/startExecution.waitForTaskToken. */
export function historyResource(resource: string): { resourceType: string; resource: string } {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration') return { resourceType: 'lambda', resource };
  const suffix = parsed.pattern === 'waitForTaskToken' ? '.waitForTaskToken' : '';
  return { resourceType: parsed.service!, resource: `${parsed.action}${suffix}` };
}

/** Lets aws-local-stepfunctions' event consumer catch up, so history keeps StateEntered before TaskScheduled. */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runTask(stateName: string, state: AslState, input: unknown, deps: TaskHandlerDeps, scope: ExecutionScope, states: ReadonlyMap<string, StateVisit>): Promise<unknown> {
  // The task computes at 1× (see local/clock.ts); the mark is dropped a macrotask after it ends, so the
  // engine's own move to the next state counts as compute too.
  let release = deps.clock.busy();
  let timedOut = false;
  let rejectTimeout: (error: Error) => void = () => undefined;
  const timeout = new Promise<never>((_, reject) => (rejectTimeout = reject));
  const cancelTimeout =
    typeof state.TimeoutSeconds === 'number'
      ? deps.clock.setTimer(state.TimeoutSeconds * 1000, () => {
          timedOut = true;
          void libraryTimeoutError().then(rejectTimeout, rejectTimeout);
        })
      : () => undefined;
  const idleWhile = async <T>(waiting: Promise<T>): Promise<T> => {
    release();
    try {
      return await waiting;
    } finally {
      release = deps.clock.busy();
    }
  };
  try {
    return await Promise.race([runTaskWork(stateName, state, input, deps, scope, states, () => timedOut, idleWhile), timeout]);
  } finally {
    cancelTimeout();
    const done = release;
    setImmediate(done);
  }
}

async function runTaskWork(
  stateName: string,
  state: AslState,
  input: unknown,
  deps: TaskHandlerDeps,
  scope: ExecutionScope,
  states: ReadonlyMap<string, StateVisit>,
  timedOut: () => boolean,
  idleWhile: <T>(waiting: Promise<T>) => Promise<T>,
): Promise<unknown> {
  const parsed = parseResource(state.Resource);
  // The Task's effective input (after Parameters) counts against the payload quota; checked before a token is claimed.
  checkDataLimit(states, stateName, state.Resource, 'input', input);
  // Claim tokens before anything awaits: the callee may answer at once.
  let waiting: Promise<unknown> | undefined;
  if (parsed.pattern === 'waitForTaskToken') {
    const tokens = deps.tokens.findTokens(input);
    if (tokens.length === 0) throw new StatesError('States.Runtime', `The Parameters of ${stateName} (.waitForTaskToken) must reference $$.Task.Token`);
    // runTask raises the States.Timeout; the registry marks the token timed out just after, on the same clock.
    waiting = deps.tokens.claim(tokens, {
      timeoutMs: typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds * 1000 : undefined,
      heartbeatMs: typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds * 1000 : undefined,
    });
  }
  await nextMacrotask();
  // Inside a Map iteration, this attempt's events continue that iteration's chain of previousEventIds.
  const chain = scope.history.claimChain(stateName);
  // After the Task's timeout fired, the engine's StateFailed event records the time-out, not us.
  const record = (type: string, details?: Record<string, unknown>) => {
    if (scope.isRunning() && !timedOut()) scope.history.add(type, details, chain);
  };

  if (parsed.kind === 'lambda-arn') {
    record('LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: { resource: state.Resource, input: JSON.stringify(input), inputDetails: { truncated: false }, ...timeouts(state) },
    });
    record('LambdaFunctionStarted');
    try {
      const output = await invokeLambdaResource(deps.lambda, state.Resource, input);
      checkDataLimit(states, stateName, state.Resource, 'output', output);
      record('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output), outputDetails: { truncated: false } } });
      return output;
    } catch (err) {
      const e = err as Error;
      record('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: e.name, cause: e.message } });
      throw err;
    }
  }

  const integration = deps.integrations[`${parsed.service}:${parsed.action}`];
  if (!integration) throw new StatesError('States.Runtime', `No local integration for ${state.Resource}`);
  const res = historyResource(state.Resource);
  record('TaskScheduled', {
    taskScheduledEventDetails: { ...res, region: deps.region, parameters: JSON.stringify(input), ...timeouts(state) },
  });
  record('TaskStarted', { taskStartedEventDetails: res });
  try {
    let output = await integration(input as Record<string, unknown>, { executionArn: scope.executionArn, stateName, signal: scope.signal });
    if (waiting) {
      record('TaskSubmitted', { taskSubmittedEventDetails: { ...res, output: JSON.stringify(output), outputDetails: { truncated: false } } });
      // Waiting for a callback is not compute: the clock may run at full speed meanwhile.
      output = await idleWhile(waiting);
    }
    checkDataLimit(states, stateName, `${parsed.service}:${parsed.action}`, 'output', output);
    record('TaskSucceeded', { taskSucceededEventDetails: { ...res, output: JSON.stringify(output), outputDetails: { truncated: false } } });
    return output;
  } catch (err) {
    const e = err as Error;
    const isTimeout = e.name === 'States.Timeout' || e.name === 'States.HeartbeatTimeout';
    if (isTimeout) record('TaskTimedOut', { taskTimedOutEventDetails: { ...res, error: e.name, cause: e.message } });
    else record('TaskFailed', { taskFailedEventDetails: { ...res, error: e.name, cause: e.message } });
    throw err;
  }
}

/**
 * A Pass state with Parameters (a Task in the runtime definition): its input
 * after Parameters counts against the payload quota, then it answers its
 * Result, or that input.
 */
async function passState(stateName: string, state: AslState, input: unknown, states: ReadonlyMap<string, StateVisit>, clock: PlatformClock): Promise<unknown> {
  // Passing is compute, up to the move to the next state (see runTask).
  const release = clock.busy();
  try {
    checkDataLimit(states, stateName, stateName, 'input', input);
    return 'Result' in state ? state.Result : input;
  } finally {
    setImmediate(release);
  }
}

let timeoutErrorType: Promise<new () => Error> | undefined;

/**
 * A States.Timeout the library treats as one: only an instance of its own
 * (unexported) StatesTimeoutError escapes `States.TaskFailed` in Retry and
 * Catch, as AWS's does. We enforce Task timeouts on the virtual clock, so we
 * capture the class once from a 1 ms Task timeout of the library itself.
 */
function libraryTimeoutError(): Promise<Error> {
  timeoutErrorType ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } } as never,
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { T: () => new Promise<never>(() => undefined) } } });
    const cause = await run.result.then(
      () => undefined,
      (e: unknown) => (e instanceof ExecutionError ? e.cause : undefined),
    );
    if (!(cause instanceof Error) || cause.name !== 'States.Timeout') throw new Error('aws-local-stepfunctions did not raise States.Timeout');
    return cause.constructor as new () => Error;
  })();
  return timeoutErrorType.then((Type) => new Type());
}

function timeouts(state: AslState): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof state.TimeoutSeconds === 'number') out.timeoutInSeconds = state.TimeoutSeconds;
  if (typeof state.HeartbeatSeconds === 'number') out.heartbeatInSeconds = state.HeartbeatSeconds;
  return out;
}

/** A Wait state on the virtual clock; `input` has InputPath applied already. */
async function waitState(state: AslState, input: unknown, clock: PlatformClock, scope: ExecutionScope): Promise<unknown> {
  let virtualMs: number;
  if (typeof state.Seconds === 'number') virtualMs = state.Seconds * 1000;
  else if (typeof state.SecondsPath === 'string') {
    const seconds = readReferencePath(state.SecondsPath, input, scope.context);
    if (!Number.isInteger(seconds) || (seconds as number) < 0) {
      throw new StatesError('States.Runtime', `SecondsPath ${state.SecondsPath} must point to a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    virtualMs = (seconds as number) * 1000;
  } else {
    const timestamp = typeof state.Timestamp === 'string' ? state.Timestamp : readReferencePath(String(state.TimestampPath), input, scope.context);
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
    if (Number.isNaN(at)) throw new StatesError('States.Runtime', `Wait timestamp is not an ISO-8601 date: ${JSON.stringify(timestamp)}`);
    virtualMs = at - clock.now();
  }
  await clock.sleep(virtualMs, scope.signal);
  // The move to the next state is compute (see runTask).
  setImmediate(clock.busy());
  return input;
}

export { LOCAL_WAIT_RESOURCE };
