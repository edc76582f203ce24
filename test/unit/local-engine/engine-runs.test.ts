import { attempts } from '../../fixtures/engine/handlers/flaky';
import { requests } from '../../fixtures/engine/handlers/request-approval';
import type { LocalEngine } from '../../../local/sfn';
import { CHILD_ARN, MAIN_ARN, eventually, fixtureEngine } from './helpers';

let local: LocalEngine;
beforeAll(() => {
  local = fixtureEngine();
});
afterAll(() => local.close());

const run = async (input: object, name?: string) => {
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify(input), name });
  return local.engine.waitForExecution(executionArn, { timeoutMs: 10_000 });
};
const types = (executionArn: string) => local.engine.getExecutionHistory(executionArn, { maxResults: 1000 }).items.map((e) => e.type);

test('happy path: Map doubles every item through the direct Lambda ARN and CallFlaky succeeds first time', async () => {
  const done = await run({ mode: 'process', items: [1, 2, 3], key: 'happy', failTimes: 0, fatal: false });
  expect([done.status, done.error, done.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
  const output = JSON.parse(done.output!);
  expect(output.doubled.map((d: { value: number }) => d.value)).toEqual([2, 4, 6]);
  expect(output.doubled[2]).toMatchObject({ index: 2, greeting: 'hello', functionName: 'EngineFixtureOrchestration-DoubleE5C1DAD9', remainingPositive: true });
  expect(output.flaky).toEqual({ result: { key: 'happy', attempts: 1, table: 'EngineFixtureData-RunsE45A2291' }, status: 200 });
  expect(local.lambda.invocationCounts()['EngineFixtureOrchestration-DoubleE5C1DAD9']).toBeGreaterThanOrEqual(3);
});

test('retry then success: FlakyError is retried with backoff until the third attempt succeeds', async () => {
  const done = await run({ mode: 'process', items: [], key: 'retry', failTimes: 2, fatal: false });
  expect(done.status).toBe('SUCCEEDED');
  expect(attempts.get('retry')).toBe(3);
  const events = local.engine.getExecutionHistory(done.executionArn).items;
  const failed = events.filter((e) => e.type === 'TaskFailed');
  expect(failed).toHaveLength(2);
  expect(failed[0]!.taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'FlakyError' });
  expect(JSON.parse((failed[0]!.taskFailedEventDetails as { cause: string }).cause)).toMatchObject({ errorType: 'FlakyError', errorMessage: 'attempt 1 failed' });
  expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
});

test('retry exhausted: the FlakyError surfaces as the execution error after MaxAttempts', async () => {
  const done = await run({ mode: 'process', items: [], key: 'exhausted', failTimes: 10, fatal: false });
  expect(done.status).toBe('FAILED');
  expect(done.error).toBe('FlakyError');
  expect(JSON.parse(done.cause!)).toMatchObject({ errorType: 'FlakyError' });
  expect(attempts.get('exhausted')).toBe(4); // first try + MaxAttempts 3
});

test('catch path: FatalError goes to Fallback with the error at ResultPath', async () => {
  const done = await run({ mode: 'process', items: [], key: 'fatal', failTimes: 0, fatal: true });
  expect(done.status).toBe('SUCCEEDED');
  const output = JSON.parse(done.output!);
  expect(output.fallback).toEqual({ fallback: true });
  expect(output.error.Error).toBe('FatalError');
  expect(JSON.parse(output.error.Cause)).toMatchObject({ errorType: 'FatalError', errorMessage: 'fatal for fatal' });
  expect(attempts.get('fatal')).toBe(1);
  expect(types(done.executionArn)).toEqual(expect.arrayContaining(['TaskFailed', 'PassStateEntered']));
});

test('Choice with no matching mode falls to the Map; a Map over too few items still succeeds', async () => {
  const done = await run({ mode: 'process', items: [5], key: 'single', failTimes: 0, fatal: false });
  expect(JSON.parse(done.output!).doubled).toHaveLength(1);
});

test('callback success: SendTaskSuccess resumes the task with its output', async () => {
  const before = requests.length;
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'a' }) });
  const request = await eventually(() => requests[before]);
  expect(request.item).toBe('a');
  expect(local.engine.describeExecution(executionArn).status).toBe('RUNNING');
  local.engine.sendTaskHeartbeat(request.token);
  local.engine.sendTaskSuccess(request.token, JSON.stringify({ approved: true }));
  const done = await local.engine.waitForExecution(executionArn);
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!).approval).toEqual({ approved: true });
  expect(types(executionArn)).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']));
  expect(() => local.engine.sendTaskSuccess(request.token, '{}')).toThrow(expect.objectContaining({ name: 'TaskDoesNotExist' }));
});

test('callback failure: SendTaskFailure fails the task with the given error and cause', async () => {
  const before = requests.length;
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'b' }) });
  const request = await eventually(() => requests[before]);
  local.engine.sendTaskFailure(request.token, 'Rejected', 'operator said no');
  const done = await local.engine.waitForExecution(executionArn);
  expect(done).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'operator said no' });
  const failed = local.engine.getExecutionHistory(executionArn).items.find((e) => e.type === 'TaskFailed');
  expect(failed?.taskFailedEventDetails).toMatchObject({ resource: 'invoke.waitForTaskToken', error: 'Rejected' });
});

test('callback heartbeat: a missing heartbeat times the task out on the virtual clock', async () => {
  const fast = fixtureEngine({ speed: 72_000 }); // the 1-hour heartbeat takes 50 ms, the 2-hour timeout 100 ms
  try {
    const { executionArn } = fast.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'c' }) });
    const done = await fast.engine.waitForExecution(executionArn);
    expect(done.status).toBe('FAILED');
    expect(['States.HeartbeatTimeout', 'States.Timeout']).toContain(done.error);
    expect(fast.engine.getExecutionHistory(executionArn).items.map((e) => e.type)).toContain('TaskTimedOut');
  } finally {
    await fast.close();
  }
});

test('stop: StopExecution aborts a waiting execution and its token', async () => {
  const before = requests.length;
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'd' }) });
  const request = await eventually(() => requests[before]);
  local.engine.stopExecution(executionArn, { error: 'Operator.Cancel', cause: 'drill cancelled' });
  const done = await local.engine.waitForExecution(executionArn);
  expect(done).toMatchObject({ status: 'ABORTED', error: 'Operator.Cancel', cause: 'drill cancelled' });
  expect(done.stopDate).toBeInstanceOf(Date);
  expect(types(executionArn).at(-1)).toBe('ExecutionAborted');
  expect(() => local.engine.sendTaskSuccess(request.token, '{}')).toThrow(expect.objectContaining({ name: 'TaskDoesNotExist' }));
});

test('wait: a 10-minute Wait passes 10 virtual minutes on a fast clock (its real duration is a bench figure: npm run bench:engine-clock)', async () => {
  const fast = fixtureEngine({ speed: 6000 }); // 600 s virtual = 100 ms real
  try {
    const started = Date.now();
    const { executionArn } = fast.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'wait', waitSeconds: 600 }) });
    const done = await fast.engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    // A lower bound only: the Wait did not end before its (scaled) time.
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const virtualMs = done.stopDate!.getTime() - done.startDate.getTime();
    expect(virtualMs).toBeGreaterThanOrEqual(590_000);
    const events = fast.engine.getExecutionHistory(executionArn).items;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['WaitStateEntered', 'WaitStateExited']));
    expect(events.map((e) => e.type)).not.toContain('TaskStateEntered');
  } finally {
    await fast.close();
  }
});

test('child: async startExecution returns ExecutionArn and StartDate; .waitForTaskToken waits for the reply', async () => {
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'parent-1', input: JSON.stringify({ mode: 'child' }) });
  const waitingChild = await eventually(() => {
    const children = local.engine.listExecutions({ stateMachineArn: CHILD_ARN }).items.filter((d) => d.parentExecutionArn === executionArn);
    return children.find((c) => JSON.parse(c.input).token);
  });
  const firstChild = local.engine.listExecutions({ stateMachineArn: CHILD_ARN }).items.find((d) => d.parentExecutionArn === executionArn && !JSON.parse(d.input).token)!;
  expect(JSON.parse(firstChild.input)).toEqual({ from: 'parent-1', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn });
  expect((await local.engine.waitForExecution(firstChild.executionArn)).status).toBe('SUCCEEDED');
  expect(local.engine.describeExecution(executionArn).status).toBe('RUNNING');
  local.engine.sendTaskSuccess(JSON.parse(waitingChild.input).token, JSON.stringify({ childSaid: 'done' }));
  const done = await local.engine.waitForExecution(executionArn);
  expect(done.status).toBe('SUCCEEDED');
  const output = JSON.parse(done.output!);
  expect(output.child.ExecutionArn).toBe(firstChild.executionArn);
  expect(typeof output.child.StartDate).toBe('number');
  expect(output.childReply).toEqual({ childSaid: 'done' });
});

test('names: a duplicate name is ExecutionAlreadyExists, but the same input on a running execution is idempotent', async () => {
  const input = JSON.stringify({ mode: 'callback', item: 'dup' });
  const first = local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'dup-1', input });
  expect(local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'dup-1', input }).executionArn).toBe(first.executionArn);
  expect(() => local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'dup-1', input: '{}' })).toThrow(
    expect.objectContaining({ name: 'ExecutionAlreadyExists' }),
  );
  expect(first.executionArn).toBe('arn:aws:states:us-east-1:111111111111:execution:FixtureMain:dup-1');
  local.engine.stopExecution(first.executionArn);
  expect(() => local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'dup-1', input })).toThrow(
    expect.objectContaining({ name: 'ExecutionAlreadyExists' }),
  );
  const generated = local.engine.startExecution({ stateMachineArn: CHILD_ARN });
  expect(generated.executionArn).toMatch(/:execution:FixtureChild:[0-9a-f-]{36}$/);
  expect(() => local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: 'not json' })).toThrow(expect.objectContaining({ name: 'InvalidExecutionInput' }));
});

test('history: events have ids, previous ids, timestamps and AWS detail shapes', async () => {
  const done = await run({ mode: 'process', items: [1, 2], key: 'history', failTimes: 0, fatal: false });
  const events = local.engine.getExecutionHistory(done.executionArn).items;
  const iterationStarts = new Set(events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.id));
  events.forEach((e, i) => {
    expect(e.id).toBe(i + 1);
    // Every event points back in time; inside a Map, at its own iteration's chain (test/unit/local-engine/limits.test.ts).
    expect(e.previousEventId).toBeLessThan(e.id);
    if (iterationStarts.has(e.id)) expect(events[e.previousEventId - 1]!.type).toBe('MapStateStarted');
    expect(e.timestamp).toBeInstanceOf(Date);
  });
  const typesSeen = events.map((e) => e.type);
  expect(typesSeen[0]).toBe('ExecutionStarted');
  expect(typesSeen.at(-1)).toBe('ExecutionSucceeded');
  expect(typesSeen.slice(1, 3)).toEqual(['ChoiceStateEntered', 'ChoiceStateExited']);
  for (const t of ['MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited', 'LambdaFunctionScheduled', 'LambdaFunctionSucceeded', 'TaskStateEntered', 'TaskScheduled', 'TaskSucceeded', 'TaskStateExited', 'SucceedStateEntered']) {
    expect(typesSeen).toContain(t);
  }
  // Within the CallFlaky task, the lifecycle is in order.
  const flakyStart = typesSeen.lastIndexOf('TaskStateEntered');
  expect(typesSeen.slice(flakyStart, flakyStart + 5)).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited']);
  const started = events[0]!.executionStartedEventDetails as { input: string; roleArn: string };
  expect(JSON.parse(started.input).key).toBe('history');
  expect(started.roleArn).toMatch(/^arn:aws:iam::111111111111:role\//);
  const mapStarted = events.find((e) => e.type === 'MapStateStarted')!;
  expect(mapStarted.mapStateStartedEventDetails).toEqual({ length: 2 });
  const iteration = events.find((e) => e.type === 'MapIterationStarted')!;
  expect(iteration.mapIterationStartedEventDetails).toMatchObject({ name: 'ProcessItems' });
  const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails as Record<string, string>;
  expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' });
  expect(JSON.parse(scheduled.parameters).FunctionName).toMatch(/^arn:aws:lambda:us-east-1:111111111111:function:EngineFixtureOrchestration-Flaky/);
  const exited = events.findLast((e) => e.type === 'TaskStateExited')!.stateExitedEventDetails as { name: string; output: string };
  expect(exited.name).toBe('CallFlaky');
  const reversed = local.engine.getExecutionHistory(done.executionArn, { reverseOrder: true, maxResults: 2 });
  expect(reversed.items.map((e) => e.type)[0]).toBe('ExecutionSucceeded');
  expect(reversed.nextToken).toBeDefined();
});

test('list: executions filter by machine and status, newest first', async () => {
  const succeeded = local.engine.listExecutions({ stateMachineArn: MAIN_ARN, statusFilter: 'SUCCEEDED' }).items;
  expect(succeeded.length).toBeGreaterThan(0);
  expect(succeeded.every((d) => d.status === 'SUCCEEDED' && d.stateMachineArn === MAIN_ARN)).toBe(true);
  const starts = succeeded.map((d) => d.startDate.getTime());
  expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  expect(() => local.engine.describeExecution(`${MAIN_ARN.replace('stateMachine', 'execution')}:nope`)).toThrow(expect.objectContaining({ name: 'ExecutionDoesNotExist' }));
});
