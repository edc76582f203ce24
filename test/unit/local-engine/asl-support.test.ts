import { createVirtualClock } from '../../../local/clock';
import type { CfnTemplate } from '../../../local/cfn';
import { createLocalEngine } from '../../../local/sfn';
import { PROJECT_ROOT } from './helpers';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:Hand-Flaky';

function templateWith(machines: Record<string, object>): Record<string, CfnTemplate> {
  const resources: Record<string, any> = {
    Flaky: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'DrsOrchestrator:Handler': { entry: 'test/fixtures/engine/handlers/flaky.ts', export: 'handler' } },
      Properties: { Timeout: 5 },
    },
  };
  for (const [name, definition] of Object.entries(machines)) {
    resources[name] = { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: name, RoleArn: 'arn:aws:iam::111111111111:role/r', DefinitionString: JSON.stringify(definition) } };
  }
  return { Hand: { Resources: resources } };
}

const engineFor = (machines: Record<string, object>, speed = 1000) =>
  createLocalEngine({ templates: templateWith(machines), clock: createVirtualClock({ speed }), projectRoot: PROJECT_ROOT });
const arn = (name: string) => `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;

test('unsupported ASL fails at load: JSONata, Distributed Map and .sync are named', () => {
  expect(() =>
    engineFor({
      Jsonata: { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      Sync: { StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: 'x' }, End: true } } },
      Distributed: {
        StartAt: 'M',
        States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
      },
    }),
  ).toThrow(/Jsonata: QueryLanguage JSONata[\s\S]*Sync: .*\.sync integration[\s\S]*Distributed: .*Distributed Map/);
});

test('Retry intervals follow the virtual clock: 10 s + 20 s of backoff run on the engine clock', async () => {
  const local = engineFor({
    Retrying: {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['FlakyError'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 2, JitterStrategy: 'FULL' }], End: true } },
    },
  });
  try {
    const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Retrying'), input: '{"key":"clocked","failTimes":2}' });
    // How fast the virtual backoff runs in real time is a bench figure (npm run bench:engine-clock), not a threshold here.
    const done = await local.engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).attempts).toBe(3);
    expect(local.engine.getExecutionHistory(executionArn).items.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(2);
  } finally {
    await local.close();
  }
});

test('Parallel branches run their own Tasks, and a Catch on States.ALL handles a failing branch', async () => {
  const local = engineFor({
    Fanout: {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: FN, Parameters: { key: 'left' }, End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Task', Resource: FN, Parameters: { key: 'right', 'fatal.$': '$.fatal' }, End: true } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Fail', Error: 'Branch.Failed', Cause: 'a branch failed' },
      },
    },
  });
  try {
    const ok = local.engine.startExecution({ stateMachineArn: arn('Fanout'), input: '{"fatal":false}' });
    const done = await local.engine.waitForExecution(ok.executionArn);
    expect(JSON.parse(done.output!).map((b: { key: string }) => b.key)).toEqual(['left', 'right']);
    const types = local.engine.getExecutionHistory(ok.executionArn).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ParallelStateEntered', 'ParallelStateStarted', 'ParallelStateSucceeded', 'ParallelStateExited']));
    const bad = local.engine.startExecution({ stateMachineArn: arn('Fanout'), input: '{"fatal":true}' });
    expect(await local.engine.waitForExecution(bad.executionArn)).toMatchObject({ status: 'FAILED', error: 'Branch.Failed', cause: 'a branch failed' });
  } finally {
    await local.close();
  }
});

test('machine TimeoutSeconds follows the virtual clock and ends TIMED_OUT', async () => {
  const local = engineFor({ Slow: { TimeoutSeconds: 60, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } } }, 6000);
  try {
    const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Slow') });
    const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 3000 });
    expect(done.status).toBe('TIMED_OUT');
    expect(local.engine.getExecutionHistory(executionArn).items.at(-1)!.type).toBe('ExecutionTimedOut');
  } finally {
    await local.close();
  }
});

test('a Task TimeoutSeconds shorter than the Lambda fails with States.Timeout, which States.TaskFailed does not catch', async () => {
  const local = engineFor(
    {
      Hurried: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', TimeoutSeconds: 60, Parameters: { FunctionName: FN, Payload: { 'key.$': '$$.Task.Token' } }, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Succeed' },
        },
      },
    },
    6000,
  );
  try {
    const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Hurried') });
    const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 3000 });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(local.engine.getExecutionHistory(executionArn).items.map((e) => e.type)).toContain('TaskTimedOut');
  } finally {
    await local.close();
  }
});
