import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import type { LocalEngine } from '../../../local/sfn';
import type { ServedApi } from '../../../local/sfn';
import { requests } from '../../fixtures/engine/handlers/request-approval';
import { CHILD_ARN, MAIN_ARN, eventually, fixtureEngine } from './helpers';

let local: LocalEngine;
let api: ServedApi;
let sfn: SFNClient;

beforeAll(async () => {
  local = fixtureEngine();
  api = await local.serve(0);
  sfn = new SFNClient({ endpoint: api.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  sfn.destroy();
  await local.close();
});

const waitDone = async (executionArn: string) => {
  await local.engine.waitForExecution(executionArn);
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
};
const tokenFor = async (item: string) => (await eventually(() => requests.find((r) => r.item === item))).token;

test('ListStateMachines and DescribeStateMachine return the synthesized machines', async () => {
  const list = await sfn.send(new ListStateMachinesCommand({}));
  expect(list.stateMachines!.map((m) => m.name).sort()).toEqual(['FixtureChild', 'FixtureMain']);
  expect(list.stateMachines![0]!.creationDate).toBeInstanceOf(Date);
  const paged = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
  expect(paged.stateMachines).toHaveLength(1);
  expect(paged.nextToken).toBeDefined();
  const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: MAIN_ARN }));
  expect(d).toMatchObject({ name: 'FixtureMain', status: 'ACTIVE', type: 'STANDARD' });
  expect(JSON.parse(d.definition!).StartAt).toBe('Route');
});

test('StartExecution, DescribeExecution and ExecutionAlreadyExists', async () => {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: CHILD_ARN, name: 'http-1', input: '{"a":1}' }));
  expect(started.executionArn).toBe('arn:aws:states:us-east-1:111111111111:execution:FixtureChild:http-1');
  expect(started.startDate).toBeInstanceOf(Date);
  const d = await waitDone(started.executionArn!);
  expect(d).toMatchObject({ status: 'SUCCEEDED', name: 'http-1', input: '{"a":1}', output: '{"received":{"a":1}}', stateMachineArn: CHILD_ARN });
  expect(d.stopDate).toBeInstanceOf(Date);
  await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: CHILD_ARN, name: 'http-1', input: '{}' }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  await expect(sfn.send(new DescribeExecutionCommand({ executionArn: `${started.executionArn}-missing` }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
});

test('GetExecutionHistory pages forwards and in reverse', async () => {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'process', items: [1], key: 'http', failTimes: 0, fatal: false }) }));
  await waitDone(executionArn!);
  const all = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  expect(all.events![0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
  expect(all.events![0]!.timestamp).toBeInstanceOf(Date);
  expect(all.events!.at(-1)!.executionSucceededEventDetails!.output).toContain('"doubled"');
  const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true }));
  expect(first.events!.map((e) => e.id)).toEqual([all.events!.length, all.events!.length - 1, all.events!.length - 2]);
  const second = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true, nextToken: first.nextToken }));
  expect(second.events![0]!.id).toBe(all.events!.length - 3);
  const scheduled = all.events!.find((e) => e.type === 'TaskScheduled')!;
  expect(scheduled.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
});

test('ListExecutions filters by status and paginates', async () => {
  const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn: CHILD_ARN, statusFilter: 'SUCCEEDED' }));
  expect(succeeded.executions!.length).toBeGreaterThan(0);
  expect(succeeded.executions!.every((e) => e.status === 'SUCCEEDED')).toBe(true);
  await sfn.send(new StartExecutionCommand({ stateMachineArn: CHILD_ARN }));
  await sfn.send(new StartExecutionCommand({ stateMachineArn: CHILD_ARN }));
  const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: CHILD_ARN, maxResults: 1 }));
  expect(page.executions).toHaveLength(1);
  const next = await sfn.send(new ListExecutionsCommand({ stateMachineArn: CHILD_ARN, maxResults: 1, nextToken: page.nextToken }));
  expect(next.executions![0]!.executionArn).not.toBe(page.executions![0]!.executionArn);
});

test('SendTaskHeartbeat and SendTaskSuccess complete a callback; a used token is TaskDoesNotExist', async () => {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'http-ok' }) }));
  const taskToken = await tokenFor('http-ok');
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
  await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"ok":true}' }));
  expect(JSON.parse((await waitDone(executionArn!)).output!).approval).toEqual({ ok: true });
  await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
});

test('SendTaskFailure fails the execution with the given error', async () => {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'http-no' }) }));
  await sfn.send(new SendTaskFailureCommand({ taskToken: await tokenFor('http-no'), error: 'Denied', cause: 'nope' }));
  expect(await waitDone(executionArn!)).toMatchObject({ status: 'FAILED', error: 'Denied', cause: 'nope' });
});

test('StopExecution aborts a running execution', async () => {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'callback', item: 'http-stop' }) }));
  await tokenFor('http-stop');
  const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'by test' }));
  expect(stopped.stopDate).toBeInstanceOf(Date);
  expect(await waitDone(executionArn!)).toMatchObject({ status: 'ABORTED', error: 'Cancelled' });
  const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn: MAIN_ARN, statusFilter: 'ABORTED' }));
  expect(aborted.executions!.map((e) => e.executionArn)).toContain(executionArn);
});

test('an unknown operation is a 400 UnknownOperationException', async () => {
  const res = await fetch(api.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.CreateActivity', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
});
