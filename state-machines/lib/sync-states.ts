/**
 * The building blocks every account-region sync is made of (decision 29), so
 * that a sync machine reads as its workflow — begin → map over the planned
 * account-regions → complete — and the parts it shares with the others are
 * written once:
 *
 * - {@link beginRunTask}: the begin task (validate input, take the lock,
 *   record the run RUNNING, plan with the active-region filter) → `$.run`,
 *   with {@link skipOverlappingRun} as its SyncAlreadyRunning Catch.
 * - {@link accountRegionMap}: one iteration per planned account-region, each
 *   step retried on throttling ({@link retryThrottling}) and every failure of
 *   an iteration kept as a RecordTargetFailure result, so one account-region
 *   never fails the run.
 * - {@link completeRunTask}: counts, metrics and lock release → `$.completed`.
 * - {@link failRunWith}: RecordRunFailure (the complete task given the failure)
 *   → a Fail state, as the Catch of every state after the lock was taken.
 * - {@link syncStateMachine}: the machine itself (timeout, X-Ray, execution logs).
 *
 * State names are part of the contract (path tests assert the history, and the
 * console and runbooks name them): a block creates the same names every sync
 * had before (BeginX, SyncAccountRegions, RecordTargetFailure, CompleteX,
 * RecordRunFailure, XFailed, SkipOverlappingRun).
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../lib/errors';

/** Fields of `$.run` (what the begin task returned) a later state passes on, as `{ name: JsonPath... }`. */
export type RunFields = Readonly<Record<string, unknown>>;

/**
 * Throttling and 5xx are retried: 2 s, 4 s, 8 s (capped at 30 s), full jitter.
 * AccessDenied and invalid requests are not in the list: they never succeed on
 * a retry, so they go straight to the Catch.
 */
export const THROTTLING_RETRY: sfn.RetryProps = {
  errors: [ErrorNames.Throttling, ErrorNames.ServiceUnavailable],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 4,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Adds {@link THROTTLING_RETRY} to each task. */
export function retryThrottling(...steps: sfn.TaskStateBase[]): void {
  for (const step of steps) step.addRetry(THROTTLING_RETRY);
}

/** A Lambda task whose output is the function's own result (no invocation envelope). */
export function lambdaStep(scope: Construct, id: string, lambdaFunction: IFunction, comment: string): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, { lambdaFunction, payloadResponseOnly: true, comment });
}

/**
 * The begin task: it gets the execution's ARN, start time and input, and its
 * result (runId, startedAt, the plan's scanTargets, …) becomes `$.run`.
 */
export function beginRunTask(scope: Construct, id: string, lambdaFunction: IFunction, comment: string): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, {
    lambdaFunction,
    payloadResponseOnly: true,
    comment,
    payload: sfn.TaskInput.fromObject({
      executionArn: sfn.JsonPath.executionId,
      startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      machineInput: sfn.JsonPath.entirePayload,
    }),
    resultPath: '$.run',
  });
}

/**
 * Another run holds the lock: the begin task threw SyncAlreadyRunningError
 * (and counted a SyncSkipped metric), and this run succeeds without touching
 * anything.
 */
export function skipOverlappingRun(scope: Construct, begin: sfn.TaskStateBase, comment = 'Another run holds the lock'): sfn.Succeed {
  const skip = new sfn.Succeed(scope, 'SkipOverlappingRun', { comment });
  begin.addCatch(skip, { errors: [ErrorNames.SyncAlreadyRunning], resultPath: '$.skipped' });
  return skip;
}

/**
 * The Pass an iteration ends in when one of its steps fails: the Map's result
 * for that account-region is `{ accountId, region, error }`, which the
 * complete task counts as failed (the run is PARTIAL), and the others go on.
 */
export function recordTargetFailure(scope: Construct): sfn.Pass {
  return new sfn.Pass(scope, 'RecordTargetFailure', {
    comment: 'Keep this account-region failure for the run record; the others go on',
    parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', 'error.$': '$.error' },
  });
}

export interface AccountRegionMapProps {
  /** What one iteration does, e.g. 'One tag sync per planned account and region, failures isolated'. */
  readonly comment: string;
  /** Where the planned account-regions are. @default '$.run.scanTargets' (the begin task's plan) */
  readonly itemsPath?: string;
  /** Account-regions processed at the same time: an integer from 1 to 40. */
  readonly maxConcurrency: number;
  /**
   * Fields of the state input every iteration also gets, beside executionArn,
   * accountId, region and the plan's reason, e.g. `{ 'runId.$': '$.run.runId' }`.
   */
  readonly carry?: Readonly<Record<string, string>>;
  /**
   * The iteration's steps, run in order. Each gets accountId and region in its
   * input (the Catch keeps them beside the error) and returns its output to the
   * next; each is retried on throttling and caught into RecordTargetFailure.
   */
  readonly steps: readonly [sfn.TaskStateBase, ...sfn.TaskStateBase[]];
}

/**
 * SyncAccountRegions: one iteration per planned account-region (`$.results`
 * holds one result each, a step's output or a RecordTargetFailure), with
 * bounded concurrency and failures isolated per account-region.
 */
export function accountRegionMap(scope: Construct, props: AccountRegionMapProps): sfn.Map {
  const { maxConcurrency } = props;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 40) {
    throw new Error(`maxConcurrency must be an integer from 1 to 40, got ${maxConcurrency}`);
  }
  const [first, ...rest] = props.steps;
  retryThrottling(...props.steps);
  const failure = recordTargetFailure(scope);
  for (const step of props.steps) step.addCatch(failure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
  let iteration: sfn.Chain = sfn.Chain.start(first);
  for (const step of rest) iteration = iteration.next(step);

  const map = new sfn.Map(scope, 'SyncAccountRegions', {
    comment: props.comment,
    itemsPath: props.itemsPath ?? '$.run.scanTargets',
    maxConcurrency,
    itemSelector: {
      executionArn: sfn.JsonPath.executionId,
      'accountId.$': '$$.Map.Item.Value.accountId',
      'region.$': '$$.Map.Item.Value.region',
      'reason.$': '$$.Map.Item.Value.reason',
      ...props.carry,
    },
    resultPath: '$.results',
  });
  map.itemProcessor(iteration);
  return map;
}

/** What every call of the complete task gets: the run's identity, then the fields a sync adds. */
function runPayload(runFields: RunFields | undefined): Record<string, unknown> {
  return {
    executionArn: sfn.JsonPath.executionId,
    runId: sfn.JsonPath.stringAt('$.run.runId'),
    startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
    ...runFields,
  };
}

export interface CompleteRunTaskProps {
  readonly comment: string;
  /** Fields of the run the complete task needs on success and on failure alike (the plan, the locked accounts, …). */
  readonly runFields?: RunFields;
  /** Fields only the successful completion gets, after the results. */
  readonly completeFields?: RunFields;
}

/**
 * The complete task: it gets the run's identity and the Map's results, records
 * the run (SUCCEEDED or PARTIAL), emits the metrics and releases the lock; its
 * summary becomes `$.completed`.
 */
export function completeRunTask(scope: Construct, id: string, lambdaFunction: IFunction, props: CompleteRunTaskProps): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, {
    lambdaFunction,
    payloadResponseOnly: true,
    comment: props.comment,
    payload: sfn.TaskInput.fromObject({
      ...runPayload(props.runFields),
      results: sfn.JsonPath.listAt('$.results'),
      ...props.completeFields,
    }),
    resultPath: '$.completed',
  });
}

/** A state that can have a Catch (a task, a Map, a Parallel). */
export interface Catchable {
  addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown;
}

export interface FailRunProps {
  /** The sync's complete function: given a failure, it records the run FAILED and releases the lock. */
  readonly completeFunction: IFunction;
  /** The Fail state's name and error, e.g. 'TagSyncFailed'. */
  readonly errorName: string;
  /** The same runFields the complete task gets. */
  readonly runFields?: RunFields;
  /** @default 'Record the failed run and release the lock' */
  readonly comment?: string;
  /** The states after the lock was taken: any failure of theirs goes to RecordRunFailure. */
  readonly guard: readonly Catchable[];
}

/**
 * RecordRunFailure → errorName: the run fails as a whole but its record says
 * so and its lock is given back (a failure no Catch handles — stop, timeout —
 * is left to the execution-ended rule's ReleaseEndedExecution).
 */
export function failRunWith(scope: Construct, props: FailRunProps): tasks.LambdaInvoke {
  const recordRunFailure = new tasks.LambdaInvoke(scope, 'RecordRunFailure', {
    lambdaFunction: props.completeFunction,
    payloadResponseOnly: true,
    comment: props.comment ?? 'Record the failed run and release the lock',
    payload: sfn.TaskInput.fromObject({
      ...runPayload(props.runFields),
      failure: sfn.JsonPath.objectAt('$.failure'),
    }),
    resultPath: sfn.JsonPath.DISCARD,
  });
  recordRunFailure.next(new sfn.Fail(scope, props.errorName, { error: props.errorName, causePath: '$.failure.Cause' }));
  for (const state of props.guard) state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  return recordRunFailure;
}

/** The machine's output is the complete task's summary. */
export function syncSucceeded(scope: Construct, id: string): sfn.Succeed {
  return new sfn.Succeed(scope, id, { outputPath: '$.completed' });
}

export interface SyncStateMachineProps {
  /** The state machine's name (the schedules, the console and ReleaseEndedExecution go by it). */
  readonly name: string;
  readonly definition: sfn.IChainable;
  /** Longest a run may take: shorter than the schedule's interval or the lock's lifetime. */
  readonly timeout: Duration;
  /** Where execution history is logged. @default a new log group kept one month */
  readonly logGroup?: logs.ILogGroup;
  readonly comment: string;
}

/**
 * The state machine (id 'StateMachine'), with X-Ray tracing and every event
 * logged, without execution data (the inputs and results stay out of the logs).
 */
export function syncStateMachine(scope: Construct, props: SyncStateMachineProps): sfn.StateMachine {
  return new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: props.name,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: {
      destination: props.logGroup ?? new logs.LogGroup(scope, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
      level: sfn.LogLevel.ALL,
      includeExecutionData: false,
    },
    comment: props.comment,
  });
}
