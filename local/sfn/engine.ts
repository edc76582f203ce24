import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { PlatformClock } from '../clock';
import type { LocalCloudAssembly, LocalStateMachine } from '../cfn';
import type { LocalLambda } from '../lambda';
import { indexStates, toRuntimeDefinition, unsupportedFeatures, VIRTUAL_START_TIME, type AslDefinition, type StateVisit } from './asl';
import { guardNestedInputs } from './data-limit';
import { SfnApiError } from './errors';
import { ExecutionHistory, type HistoryEvent, type LibraryEvent } from './history';
import { checkStartExecution, DATA_LIMIT_EXCEEDED, payloadOverLimit } from './limits';
import { builtInIntegrations, type Integration } from './integrations';
import { buildTaskHandlers, historyResource } from './task-handlers';
import { TaskTokenRegistry } from './tokens';

const VALIDATED = new Set<string>();

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  /** JSON text, as DescribeExecution returns it. */
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  /** Set when a `states:startExecution` step started this execution. */
  readonly parentExecutionArn?: string;
}

export interface LocalStepFunctionsOptions {
  readonly assembly: LocalCloudAssembly;
  readonly lambda: LocalLambda;
  readonly clock: PlatformClock;
  /** Endpoint of the (embedded) DynamoDB for `dynamodb:*` steps, e.g. http://127.0.0.1:8000. */
  readonly dynamodbEndpoint?: string;
  /** Extra or replacement integrations, keyed `service:action` (e.g. `sns:publish`). */
  readonly integrations?: Readonly<Record<string, Integration>>;
  /** Refuse machines that use features the engine cannot run. @default true */
  readonly strict?: boolean;
}

interface MachineEntry {
  readonly info: LocalStateMachine;
  readonly states: ReadonlyMap<string, StateVisit>;
  readonly runtime: StateMachine;
  readonly creationDate: Date;
}

interface ExecutionRecord {
  description: ExecutionDescription;
  readonly machine: MachineEntry;
  readonly history: ExecutionHistory;
  readonly controller: AbortController;
  abort?: () => void;
  /** When the run itself ended; history consumption may lag behind it. */
  endedAt?: Date;
  /** Cancels the machine's TimeoutSeconds timer (virtual clock). */
  cancelTimeout?: () => void;
  done: Promise<void>;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * The local Step Functions service: runs the assembly's state machines on
 * aws-local-stepfunctions with in-process Lambda tasks, keeps executions and
 * their history, and answers the API operations.
 *
 * Events: `executionStarted` and `executionFinished`, with the description.
 */
export class LocalStepFunctions extends EventEmitter {
  readonly tokens: TaskTokenRegistry;
  private readonly machines = new Map<string, MachineEntry>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly integrations: Record<string, Integration>;
  private dynamodbClient?: DynamoDBClient;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    super();
    this.tokens = new TaskTokenRegistry((ms, callback) => options.clock.setTimer(ms, callback, { keepAlive: false }));
    this.integrations = {
      ...builtInIntegrations({
        lambda: options.lambda,
        startExecution: (r) => this.startExecution(r),
        dynamodb: () => this.dynamodb(),
      }),
      ...options.integrations,
    };
    const problems: string[] = [];
    for (const info of options.assembly.stateMachines) {
      try {
        this.machines.set(info.arn, this.compile(info));
      } catch (err) {
        problems.push(`${info.name}: ${(err as Error).message}`);
      }
    }
    if (problems.length) throw new Error(`State machines the local engine cannot run:\n  ${problems.join('\n  ')}`);
  }

  private compile(info: LocalStateMachine): MachineEntry {
    const definition = info.definition as unknown as AslDefinition;
    const unsupported = unsupportedFeatures(definition, (service, action) => `${service}:${action}` in this.integrations);
    if (unsupported.length && this.options.strict !== false) throw new Error(unsupported.join('; '));
    // Validate the definition as written (once per process: asl-validator costs ~0.3 s a machine),
    // then run the clock-scaled rewrite without validating again.
    if (!VALIDATED.has(info.definitionString)) {
      new StateMachine(definition as never);
      VALIDATED.add(info.definitionString);
    }
    const runtimeDefinition = toRuntimeDefinition(definition, { speed: this.options.clock.speed });
    const runtime = new StateMachine(runtimeDefinition as never, {
      validationOptions: { noValidate: true },
    });
    const states = indexStates(definition);
    guardNestedInputs(runtimeDefinition, states);
    return { info, states, runtime, creationDate: this.options.clock.date() };
  }

  private dynamodb(): DynamoDBClient {
    if (!this.options.dynamodbEndpoint) throw new Error('This engine was created without a dynamodbEndpoint');
    this.dynamodbClient ??= new DynamoDBClient({
      endpoint: this.options.dynamodbEndpoint,
      region: this.options.assembly.environment.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return this.dynamodbClient;
  }

  listStateMachines(): LocalStateMachine[] {
    return [...this.machines.values()].map((m) => m.info);
  }

  describeStateMachine(stateMachineArn: string): LocalStateMachine & { creationDate: Date } {
    const m = this.machine(stateMachineArn);
    return { ...m.info, creationDate: m.creationDate };
  }

  private machine(arn: string): MachineEntry {
    const m = this.machines.get(arn);
    if (!m) {
      if (!arn.startsWith('arn:')) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
      throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    return m;
  }

  private record(executionArn: string): ExecutionRecord {
    const r = this.executions.get(executionArn);
    if (!r) {
      if (!executionArn.startsWith('arn:')) throw new SfnApiError('InvalidArn', `Invalid Arn: '${executionArn}'`);
      throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return r;
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string; parentExecutionArn?: string }): {
    executionArn: string;
    startDate: Date;
  } {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    const inputText = request.input ?? '{}';
    checkStartExecution(name, inputText);
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not a JSON document');
    }
    const { partition, region, accountId } = this.options.assembly.environment;
    const executionArn = `arn:${partition}:states:${region}:${accountId}:execution:${machine.info.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS treats a repeated start of a running execution with the same input as idempotent.
      if (existing.description.status === 'RUNNING' && existing.description.input === inputText) {
        return { executionArn, startDate: existing.description.startDate };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const clock = this.options.clock;
    // Starting is compute; the first state's handler marks its own (see task-handlers.ts).
    setImmediate(clock.busy());
    const startDate = clock.date();
    const history = new ExecutionHistory(() => clock.date(), machine.states);
    const record: ExecutionRecord = {
      description: {
        executionArn,
        stateMachineArn: machine.info.arn,
        name,
        status: 'RUNNING',
        input: inputText,
        startDate,
        parentExecutionArn: request.parentExecutionArn,
      },
      machine,
      history,
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, record);
    history.onFull = () => this.terminate(record, undefined);
    history.add('ExecutionStarted', {
      executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: machine.info.roleArn },
    });

    const tokens = this.tokens;
    const context = {
      Execution: {
        Id: executionArn,
        Name: name,
        RoleArn: machine.info.roleArn,
        StartTime: startDate.toISOString(),
        [VIRTUAL_START_TIME]: startDate.toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: machine.info.arn, Name: machine.info.name },
      // Each read of $$.Task.Token mints a fresh token (the engine copies the context shallowly, so the getter survives).
      Task: {
        get Token() {
          return tokens.mint(executionArn);
        },
      },
    };
    const handlers = buildTaskHandlers(
      machine.states,
      { clock, region, lambda: this.options.lambda, tokens, integrations: this.integrations },
      {
        executionArn,
        history,
        signal: record.controller.signal,
        context,
        isRunning: () => record.description.status === 'RUNNING',
      },
    );
    const run = machine.runtime.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      context,
    });
    record.abort = run.abort;
    const timeoutSeconds = (machine.info.definition as { TimeoutSeconds?: unknown }).TimeoutSeconds;
    if (typeof timeoutSeconds === 'number') {
      const remaining = startDate.getTime() + timeoutSeconds * 1000 - clock.now();
      record.cancelTimeout = clock.setTimer(remaining, () => this.timeOutExecution(record), { keepAlive: false });
    }
    const consumed = this.consumeEvents(record, run.eventLogs as AsyncGenerator<LibraryEvent>);
    const ended = run.result.finally(() => (record.endedAt ??= clock.date()));
    record.done = Promise.allSettled([ended, consumed]).then(([result]) => this.finish(record, result));
    this.emit('executionStarted', record.description);
    return { executionArn, startDate };
  }

  private async consumeEvents(record: ExecutionRecord, events: AsyncGenerator<LibraryEvent>): Promise<void> {
    for await (const event of events) {
      if (record.description.status !== 'RUNNING') continue;
      const visit = event.state ? record.machine.states.get(event.state.name) : undefined;
      // The engine's own Task timeout never reaches our handler; record it here.
      if (event.type === 'StateFailed' && event.Error === 'States.Timeout' && visit?.state.Type === 'Task') {
        const res = historyResource(visit.state.Resource);
        const lambdaArn = res.resource === visit.state.Resource;
        record.history.add(lambdaArn ? 'LambdaFunctionTimedOut' : 'TaskTimedOut', {
          [lambdaArn ? 'lambdaFunctionTimedOutEventDetails' : 'taskTimedOutEventDetails']: {
            ...(lambdaArn ? {} : res),
            error: 'States.Timeout',
            cause: '',
          },
        });
      }
      // A state's output over 256 KiB is States.DataLimitExceeded. It is seen here, after the state ended, so no Catch
      // applies (States.ALL would not match it anyway; a Catch naming it would, in AWS): the execution fails.
      if (event.type === 'StateExited' && event.state) {
        const cause = payloadOverLimit(event.state.name, 'output', event.state.output);
        if (cause !== undefined) {
          this.terminate(record, { error: DATA_LIMIT_EXCEEDED, cause });
          continue;
        }
      }
      record.history.fromLibrary(event);
    }
  }

  /**
   * Fails a running execution from outside the state machine's own flow (a
   * quota was hit) and stops it. `failure` undefined: the history already
   * wrote its ExecutionFailed (the 25,000th event).
   */
  private terminate(record: ExecutionRecord, failure: { error: string; cause: string } | undefined): void {
    const d = record.description;
    if (d.status !== 'RUNNING') return;
    const last = record.history.events.at(-1)?.executionFailedEventDetails as { error: string; cause: string } | undefined;
    const { error, cause } = failure ?? last ?? { error: 'States.Runtime', cause: '' };
    record.description = { ...d, status: 'FAILED', error, cause, stopDate: this.options.clock.date() };
    if (failure) record.history.add('ExecutionFailed', { executionFailedEventDetails: { error, cause } });
    record.controller.abort();
    record.abort?.();
    this.tokens.cancelExecution(d.executionArn, new Error(`Execution failed: ${error}`));
    this.emit('executionFinished', record.description);
  }

  private finish(record: ExecutionRecord, result: PromiseSettledResult<unknown>): void {
    const d = record.description;
    record.cancelTimeout?.();
    this.tokens.forgetExecution(d.executionArn);
    if (d.status !== 'RUNNING') return; // stopped or timed out meanwhile
    const stopDate = record.endedAt ?? this.options.clock.date();
    if (result.status === 'fulfilled') {
      const output = JSON.stringify(result.value ?? null);
      record.description = { ...d, status: 'SUCCEEDED', output, stopDate };
      record.history.add('ExecutionSucceeded', { executionSucceededEventDetails: { output, outputDetails: { truncated: false } } });
    } else if (result.reason instanceof ExecutionTimeoutError) {
      record.description = { ...d, status: 'TIMED_OUT', error: 'States.Timeout', stopDate };
      record.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } });
    } else {
      const cause = result.reason instanceof ExecutionError ? (result.reason.cause as Error) : (result.reason as Error);
      const { error, cause: causeText } = describeFailure(cause);
      record.description = { ...d, status: 'FAILED', error, cause: causeText, stopDate };
      record.history.add('ExecutionFailed', { executionFailedEventDetails: { error, cause: causeText } });
    }
    this.emit('executionFinished', record.description);
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return this.record(executionArn).description;
  }

  /** Resolves when the execution is no longer RUNNING; rejects after `timeoutMs` (real). */
  async waitForExecution(executionArn: string, options: { timeoutMs?: number } = {}): Promise<ExecutionDescription> {
    const record = this.record(executionArn);
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Execution ${executionArn} still ${record.description.status} after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([record.done, timeout]);
      return record.description;
    } finally {
      clearTimeout(timer);
    }
  }

  getExecutionHistory(
    executionArn: string,
    options: { reverseOrder?: boolean; maxResults?: number; nextToken?: string; includeExecutionData?: boolean } = {},
  ): Page<HistoryEvent> {
    const events = [...this.record(executionArn).history.events];
    if (options.reverseOrder) events.reverse();
    const page = paginate(events, options.maxResults, options.nextToken);
    if (options.includeExecutionData === false) return { ...page, items: page.items.map(withoutData) };
    return page;
  }

  listExecutions(
    options: { stateMachineArn?: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string } = {},
  ): Page<ExecutionDescription> {
    if (options.stateMachineArn) this.machine(options.stateMachineArn);
    const matching = [...this.executions.values()]
      .map((r) => r.description)
      .filter((d) => !options.stateMachineArn || d.stateMachineArn === options.stateMachineArn)
      .filter((d) => !options.statusFilter || d.status === options.statusFilter)
      .reverse(); // newest first, as AWS lists them
    return paginate(matching, options.maxResults, options.nextToken);
  }

  stopExecution(executionArn: string, options: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const record = this.record(executionArn);
    const d = record.description;
    if (d.status !== 'RUNNING') return { stopDate: d.stopDate ?? this.options.clock.date() };
    const stopDate = this.options.clock.date();
    record.cancelTimeout?.();
    record.description = { ...d, status: 'ABORTED', error: options.error, cause: options.cause, stopDate };
    record.history.add('ExecutionAborted', { executionAbortedEventDetails: { error: options.error, cause: options.cause } });
    record.controller.abort();
    record.abort?.();
    this.tokens.cancelExecution(executionArn, new Error('Execution aborted'));
    this.emit('executionFinished', record.description);
    return { stopDate };
  }

  /** The machine's TimeoutSeconds passed in virtual time: the execution ends TIMED_OUT, as in AWS. */
  private timeOutExecution(record: ExecutionRecord): void {
    const d = record.description;
    if (d.status !== 'RUNNING') return;
    record.description = { ...d, status: 'TIMED_OUT', error: 'States.Timeout', stopDate: this.options.clock.date() };
    record.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } });
    record.controller.abort();
    record.abort?.();
    this.tokens.cancelExecution(d.executionArn, new Error('Execution timed out'));
    this.emit('executionFinished', record.description);
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.tokens.succeed(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.tokens.fail(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.tokens.heartbeat(taskToken);
  }

  /** Aborts running executions and closes the DynamoDB client. */
  async close(): Promise<void> {
    for (const r of this.executions.values()) if (r.description.status === 'RUNNING') this.stopExecution(r.description.executionArn, { error: 'Local.Shutdown' });
    await Promise.allSettled([...this.executions.values()].map((r) => r.done));
    this.dynamodbClient?.destroy();
    this.dynamodbClient = undefined;
  }
}

function describeFailure(err: Error | undefined): { error: string; cause: string } {
  if (!err) return { error: 'States.Runtime', cause: '' };
  // aws-local-stepfunctions' placeholders for a Fail state without Error/Cause; AWS reports nothing.
  const error = err.name === 'FailStateError' ? '' : err.name;
  const cause = err.message === 'Execution failed because of a Fail state' ? '' : err.message;
  return { error, cause };
}

function paginate<T>(items: T[], maxResults = 100, nextToken?: string): Page<T> {
  let offset = 0;
  if (nextToken) {
    offset = Number(Buffer.from(nextToken, 'base64url').toString());
    if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('ValidationException', 'Invalid nextToken');
  }
  const size = maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return { items: page, nextToken: next };
}

function withoutData(event: HistoryEvent): HistoryEvent {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) {
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const { input: _i, output: _o, ...rest } = v as Record<string, unknown>;
      out[k] = rest;
    } else out[k] = v;
  }
  return out as unknown as HistoryEvent;
}
