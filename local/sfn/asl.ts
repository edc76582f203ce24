/* eslint-disable @typescript-eslint/no-explicit-any -- ASL states are untyped JSON whose fields depend on the state type */
/**
 * ASL inspection and the rewrite the local runtime runs.
 *
 * aws-local-stepfunctions sleeps in real time, has a 60-second default
 * Task timeout and stamps `$$.Execution.StartTime` with the real clock. The
 * rewrite moves every duration onto the virtual clock: Task and machine
 * TimeoutSeconds are enforced by the engine on virtual timers (so compute,
 * which runs at 1×, never counts at the fast speed), so the library gets the
 * longest timeout a timer allows (AWS has none by default); Retry intervals
 * are divided by the clock speed (the library sleeps them itself); Wait
 * states become Tasks run by our local wait handler, which reads
 * SecondsPath/TimestampPath and the virtual now; Pass states with
 * Parameters become Tasks run by our pass handler, which checks the payload
 * quota on their input (local/sfn/data-limit.ts); and references to
 * `$$.Execution.StartTime` read the engine's virtual start time. History
 * still reports the original state types.
 */

export type AslState = Record<string, any> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [key: string]: unknown;
}

/** Resource of the Task that replaces a Wait state in the runtime definition. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';
/** Resource of the Task that replaces a Pass state with Parameters, so its input after Parameters can be checked. */
export const LOCAL_PASS_RESOURCE = 'arn:aws:states:::local:pass';

/**
 * The context field the engine puts its virtual start time in; the rewrite
 * points `$$.Execution.StartTime` at it, because the library overwrites
 * StartTime with the real clock.
 */
export const VIRTUAL_START_TIME = 'VirtualStartTime';

/** setTimeout's largest delay, in seconds. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export interface StateVisit {
  readonly name: string;
  readonly state: AslState;
  /** Names of enclosing Map/Parallel states, outermost first. */
  readonly parents: readonly string[];
}

export function walkStates(definition: AslDefinition, visit: (v: StateVisit) => void, parents: string[] = []): void {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    visit({ name, state, parents });
    const inner = [...parents, name];
    if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
      if (processor) walkStates(processor, visit, inner);
    }
    if (state.Type === 'Parallel') {
      for (const branch of (state.Branches ?? []) as AslDefinition[]) walkStates(branch, visit, inner);
    }
  }
}

export interface ParsedResource {
  readonly kind: 'lambda-arn' | 'integration' | 'local-wait' | 'local-pass' | 'unknown';
  readonly service?: string;
  readonly action?: string;
  readonly pattern?: 'request-response' | 'waitForTaskToken' | 'sync';
  readonly resource: string;
}

export function parseResource(resource: string): ParsedResource {
  if (resource === LOCAL_WAIT_RESOURCE) return { kind: 'local-wait', resource };
  if (resource === LOCAL_PASS_RESOURCE) return { kind: 'local-pass', resource };
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.test(resource)) return { kind: 'lambda-arn', resource };
  const m = /^arn:[^:]+:states:::([a-z0-9-]+(?::[a-z0-9-]+)?):([A-Za-z0-9]+)(\.waitForTaskToken|\.sync(?::2)?)?$/.exec(resource);
  if (!m) return { kind: 'unknown', resource };
  const suffix = m[3];
  const pattern = !suffix ? 'request-response' : suffix === '.waitForTaskToken' ? 'waitForTaskToken' : 'sync';
  return { kind: 'integration', service: m[1]!, action: m[2]!, pattern, resource };
}

/**
 * Lists what the local engine cannot run (rule 6 of the design: only ASL the
 * local engine runs), so an unsupported machine fails at load, not mid-run.
 */
export function unsupportedFeatures(definition: AslDefinition, isSupportedIntegration: (service: string, action: string) => boolean): string[] {
  const problems: string[] = [];
  if (definition.QueryLanguage === 'JSONata') problems.push('QueryLanguage JSONata (use JSONPath)');
  walkStates(definition, ({ name, state }) => {
    const at = `state "${name}"`;
    if (state.QueryLanguage === 'JSONata') problems.push(`${at}: QueryLanguage JSONata`);
    if ('Assign' in state) problems.push(`${at}: Assign (variables) is not supported`);
    if ('Arguments' in state || 'Output' in state) problems.push(`${at}: JSONata Arguments/Output`);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor as Record<string, any> | undefined;
      if (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED' || 'ItemReader' in state || 'ResultWriter' in state || 'ItemBatcher' in state) {
        problems.push(`${at}: Distributed Map`);
      }
      if ('ToleratedFailurePercentage' in state || 'ToleratedFailureCount' in state) problems.push(`${at}: tolerated failures (Distributed Map)`);
    }
    if (state.Type === 'Task') {
      if (typeof state.Resource !== 'string') {
        problems.push(`${at}: Resource is not a string`);
        return;
      }
      if ('Credentials' in state) problems.push(`${at}: cross-account Credentials`);
      const parsed = parseResource(state.Resource);
      if (parsed.kind === 'unknown') problems.push(`${at}: unsupported resource ${state.Resource}`);
      if (parsed.kind === 'integration') {
        if (parsed.pattern === 'sync') problems.push(`${at}: .sync integration ${state.Resource}`);
        else if (!isSupportedIntegration(parsed.service!, parsed.action!)) problems.push(`${at}: unsupported integration ${parsed.service}:${parsed.action}`);
      }
      if ('TimeoutSecondsPath' in state || 'HeartbeatSecondsPath' in state) problems.push(`${at}: TimeoutSecondsPath/HeartbeatSecondsPath`);
    }
  });
  return problems;
}

export interface RuntimeDefinitionOptions {
  /** Virtual milliseconds per real millisecond. */
  readonly speed: number;
}

/** Returns the definition aws-local-stepfunctions runs; the input is not modified. */
export function toRuntimeDefinition(definition: AslDefinition, options: RuntimeDefinitionOptions): AslDefinition {
  const text = JSON.stringify(definition).replace(/\$\$\.Execution\.StartTime\b/g, `$$$$.Execution.${VIRTUAL_START_TIME}`);
  const copy = JSON.parse(text) as AslDefinition;
  const scale = (seconds: number) => Math.min(seconds / options.speed, MAX_TIMER_SECONDS);
  delete copy.TimeoutSeconds;
  walkStates(copy, ({ state }) => {
    for (const retrier of (state.Retry ?? []) as Record<string, number>[]) {
      retrier.IntervalSeconds = scale(retrier.IntervalSeconds ?? 1);
      if (retrier.MaxDelaySeconds !== undefined) retrier.MaxDelaySeconds = scale(retrier.MaxDelaySeconds);
    }
    if (state.Type === 'Task') {
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
      delete state.HeartbeatSeconds;
    }
    if (state.Type === 'Wait') {
      for (const key of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[key];
      state.Type = 'Task';
      state.Resource = LOCAL_WAIT_RESOURCE;
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
    }
    // The library gives a Pass no hook after Parameters; as a Task, our pass handler gets that input.
    if (state.Type === 'Pass' && 'Parameters' in state) {
      delete state.Result;
      state.Type = 'Task';
      state.Resource = LOCAL_PASS_RESOURCE;
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
    }
  });
  return copy;
}

/** Index of every state (nested ones included) by name; ASL state names are unique per machine. */
export function indexStates(definition: AslDefinition): Map<string, StateVisit> {
  const index = new Map<string, StateVisit>();
  walkStates(definition, (v) => index.set(v.name, v));
  return index;
}

/**
 * Evaluates an ASL reference path (`$.a.b[0]['c']`, `$$.Execution.Id`):
 * the only paths SecondsPath/TimestampPath accept.
 */
export function readReferencePath(path: string, input: unknown, context: unknown): unknown {
  let current: unknown = path.startsWith('$$') ? context : input;
  const rest = path.startsWith('$$') ? path.slice(2) : path.slice(1);
  const tokens = rest.match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g) ?? [];
  for (const token of tokens) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = token.startsWith('.') ? token.slice(1) : token.startsWith('[\'') || token.startsWith('["') ? token.slice(2, -2) : Number(token.slice(1, -1));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
