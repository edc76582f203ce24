/* eslint-disable @typescript-eslint/no-explicit-any -- state input and output are arbitrary JSON */
import type { VirtualClock } from '../clock';
import type { LocalLambda } from '../lambda';
import { LOCAL_WAIT_RESOURCE, parseResource, readReferencePath, type AslState, type StateVisit } from './asl';
import { StatesError } from './errors';
import type { ExecutionHistory } from './history';
import { invokeLambdaResource, type Integration } from './integrations';
import { DATA_LIMIT_EXCEEDED, payloadOverLimit } from './limits';
import type { TaskTokenRegistry } from './tokens';

/** What a running execution gives its task handlers. */
export interface ExecutionScope {
  readonly executionArn: string;
  readonly history: ExecutionHistory;
  readonly signal: AbortSignal;
  readonly context: Record<string, unknown>;
  isRunning(): boolean;
  /** Fails the execution past any Catch (a terminal error such as States.DataLimitExceeded). */
  terminate?(error: string, cause: string): void;
}

export interface TaskHandlerDeps {
  readonly clock: VirtualClock;
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
  const handlers: Record<string, LocalHandler> = {};
  for (const { name, state } of states.values()) {
    if (state.Type === 'Wait') handlers[name] = (input) => waitState(state, input, deps.clock, scope);
    if (state.Type === 'Task') handlers[name] = (input) => runTask(name, state, input, deps, scope);
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

async function runTask(stateName: string, state: AslState, input: unknown, deps: TaskHandlerDeps, scope: ExecutionScope): Promise<unknown> {
  const parsed = parseResource(state.Resource);
  const { history } = scope;
  // Claim tokens before anything awaits: the callee may answer at once.
  let waiting: Promise<unknown> | undefined;
  if (parsed.pattern === 'waitForTaskToken') {
    const tokens = deps.tokens.findTokens(input);
    if (tokens.length === 0) throw new StatesError('States.Runtime', `The Parameters of ${stateName} (.waitForTaskToken) must reference $$.Task.Token`);
    waiting = deps.tokens.claim(tokens, {
      timeoutMs: typeof state.TimeoutSeconds === 'number' ? deps.clock.toRealMs(state.TimeoutSeconds * 1000) : undefined,
      heartbeatMs: typeof state.HeartbeatSeconds === 'number' ? deps.clock.toRealMs(state.HeartbeatSeconds * 1000) : undefined,
    });
  }
  const startedAt = Date.now();
  const timeoutMs = typeof state.TimeoutSeconds === 'number' ? deps.clock.toRealMs(state.TimeoutSeconds * 1000) : Infinity;
  await nextMacrotask();
  // The Task's effective input (after Parameters) counts against the payload quota too.
  checkPayload(scope, state.Resource, 'input', input);
  // Inside a Map iteration, this attempt's events continue that iteration's chain of previousEventIds.
  const chain = history.claimChain(stateName);
  // After the engine's own timeout fired, its StateFailed event records the time-out, not us.
  const record = (type: string, details?: Record<string, unknown>) => {
    if (scope.isRunning() && Date.now() - startedAt < timeoutMs) history.add(type, details, chain);
  };

  if (parsed.kind === 'lambda-arn') {
    record('LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: { resource: state.Resource, input: JSON.stringify(input), inputDetails: { truncated: false }, ...timeouts(state) },
    });
    record('LambdaFunctionStarted');
    try {
      const output = await invokeLambdaResource(deps.lambda, state.Resource, input);
      checkPayload(scope, state.Resource, 'output', output);
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
      output = await waiting;
    }
    checkPayload(scope, `${parsed.service}:${parsed.action}`, 'output', output);
    record('TaskSucceeded', { taskSucceededEventDetails: { ...res, output: JSON.stringify(output), outputDetails: { truncated: false } } });
    return output;
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'States.Timeout' || e.name === 'States.HeartbeatTimeout';
    if (timedOut) record('TaskTimedOut', { taskTimedOutEventDetails: { ...res, error: e.name, cause: e.message } });
    else record('TaskFailed', { taskFailedEventDetails: { ...res, error: e.name, cause: e.message } });
    throw err;
  }
}

/**
 * A connector's raw result (before ResultSelector/ResultPath) or a Task's
 * effective input over 256 KiB ends the execution with the terminal
 * States.DataLimitExceeded; the throw only unwinds this handler.
 */
function checkPayload(scope: ExecutionScope, resource: string, direction: 'input' | 'output', value: unknown): void {
  const cause = payloadOverLimit(resource, direction, value);
  if (cause === undefined) return;
  scope.terminate?.(DATA_LIMIT_EXCEEDED, cause);
  throw new StatesError(DATA_LIMIT_EXCEEDED, cause);
}

function timeouts(state: AslState): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof state.TimeoutSeconds === 'number') out.timeoutInSeconds = state.TimeoutSeconds;
  if (typeof state.HeartbeatSeconds === 'number') out.heartbeatInSeconds = state.HeartbeatSeconds;
  return out;
}

/** A Wait state on the virtual clock; `input` has InputPath applied already. */
async function waitState(state: AslState, input: unknown, clock: VirtualClock, scope: ExecutionScope): Promise<unknown> {
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
  await abortableSleep(clock.toRealMs(virtualMs), scope.signal);
  return input;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export { LOCAL_WAIT_RESOURCE };
