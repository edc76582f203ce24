import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { accountRegionMap, beginRunTask, completeRunTask, failRunWith, lambdaStep, skipOverlappingRun, syncStateMachine, syncSucceeded } from '../../../state-machines/lib/sync-states';

type Asl = { StartAt: string; States: Record<string, Record<string, unknown>> };

/** A sync made only of the blocks, rendered to ASL the way the state machine's DefinitionString is. */
function buildSync(options: { steps?: number; maxConcurrency?: number } = {}) {
  const stack = new Stack();
  const fn = (id: string) => lambda.Function.fromFunctionArn(stack, id, `arn:aws:lambda:us-east-1:111111111111:function:${id}`);
  const begin = beginRunTask(stack, 'BeginExample', fn('begin'), 'begin');
  skipOverlappingRun(stack, begin);
  const steps = Array.from({ length: options.steps ?? 2 }, (_, i) => lambdaStep(stack, `Step${i}`, fn(`step${i}`), `step ${i}`));
  const map = accountRegionMap(stack, {
    comment: 'one per account-region',
    maxConcurrency: options.maxConcurrency ?? 3,
    carry: { 'selection.$': '$.run.selection' },
    steps: steps as unknown as [sfn.TaskStateBase, ...sfn.TaskStateBase[]],
  });
  const runFields = { plan: sfn.JsonPath.objectAt('$.run.plan') };
  const complete = completeRunTask(stack, 'CompleteExample', fn('complete'), { comment: 'complete', runFields, completeFields: { extra: sfn.JsonPath.numberAt('$.extra') } });
  failRunWith(stack, { completeFunction: fn('complete2'), errorName: 'ExampleFailed', runFields, guard: [map, complete] });
  const definition = begin.next(map).next(complete).next(syncSucceeded(stack, 'ExampleSucceeded'));
  return stack.resolve(new sfn.StateGraph(definition.startState, 'example').toGraphJson()) as Asl;
}

describe('sync building blocks', () => {
  const asl = buildSync();

  it('chains begin → SyncAccountRegions → complete → succeeded, the begin result in $.run', () => {
    expect(asl.StartAt).toBe('BeginExample');
    expect(asl.States.BeginExample).toMatchObject({ Next: 'SyncAccountRegions', ResultPath: '$.run' });
    expect(asl.States.SyncAccountRegions).toMatchObject({ Next: 'CompleteExample', ResultPath: '$.results', ItemsPath: '$.run.scanTargets', MaxConcurrency: 3 });
    expect(asl.States.CompleteExample).toMatchObject({ Next: 'ExampleSucceeded', ResultPath: '$.completed' });
    expect(asl.States.ExampleSucceeded).toEqual({ Type: 'Succeed', OutputPath: '$.completed' });
  });

  it('skips an overlapping run on SyncAlreadyRunningError only', () => {
    expect(asl.States.BeginExample.Catch).toEqual([{ ErrorEquals: ['SyncAlreadyRunningError'], ResultPath: '$.skipped', Next: 'SkipOverlappingRun' }]);
    expect(asl.States.SkipOverlappingRun).toMatchObject({ Type: 'Succeed' });
  });

  it('gives every iteration the account-region and the carried fields, and chains the steps', () => {
    const map = asl.States.SyncAccountRegions as { ItemSelector: object; ItemProcessor: Asl };
    expect(map.ItemSelector).toEqual({
      'executionArn.$': '$$.Execution.Id',
      'accountId.$': '$$.Map.Item.Value.accountId',
      'region.$': '$$.Map.Item.Value.region',
      'reason.$': '$$.Map.Item.Value.reason',
      'selection.$': '$.run.selection',
    });
    expect(map.ItemProcessor.StartAt).toBe('Step0');
    expect(map.ItemProcessor.States.Step0.Next).toBe('Step1');
    expect(map.ItemProcessor.States.Step1.End).toBe(true);
  });

  it('retries every step on throttling and 5xx (never on AccessDenied) and isolates its failures', () => {
    const inner = (asl.States.SyncAccountRegions as { ItemProcessor: Asl }).ItemProcessor.States;
    for (const step of ['Step0', 'Step1']) {
      // After the Lambda service retry every LambdaInvoke has.
      const retries = inner[step].Retry as { ErrorEquals: string[] }[];
      expect(retries).toContainEqual({ ErrorEquals: ['ThrottlingError', 'ServiceUnavailableError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 4, MaxDelaySeconds: 30, JitterStrategy: 'FULL' });
      expect(retries.flatMap((r) => r.ErrorEquals).filter((e) => !e.startsWith('Lambda.'))).toEqual(['ThrottlingError', 'ServiceUnavailableError']);
      expect(inner[step].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordTargetFailure' }]);
    }
    expect(inner.RecordTargetFailure).toMatchObject({ Type: 'Pass', Parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', 'error.$': '$.error' }, End: true });
  });

  it('gives the complete task the run, its fields and the results; RecordRunFailure the same run fields and the failure', () => {
    expect(asl.States.CompleteExample.Parameters).toEqual({
      'executionArn.$': '$$.Execution.Id',
      'runId.$': '$.run.runId',
      'startedAt.$': '$.run.startedAt',
      'plan.$': '$.run.plan',
      'results.$': '$.results',
      'extra.$': '$.extra',
    });
    expect(asl.States.RecordRunFailure.Parameters).toEqual({
      'executionArn.$': '$$.Execution.Id',
      'runId.$': '$.run.runId',
      'startedAt.$': '$.run.startedAt',
      'plan.$': '$.run.plan',
      'failure.$': '$.failure',
    });
    expect(asl.States.RecordRunFailure).toMatchObject({ ResultPath: null, Next: 'ExampleFailed' });
    expect(asl.States.ExampleFailed).toEqual({ Type: 'Fail', Error: 'ExampleFailed', CausePath: '$.failure.Cause' });
  });

  it('sends any failure after the lock was taken to RecordRunFailure', () => {
    for (const state of ['SyncAccountRegions', 'CompleteExample']) {
      expect(asl.States[state].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordRunFailure' }]);
    }
  });

  it('accepts a single-step iteration', () => {
    const single = buildSync({ steps: 1 });
    expect((single.States.SyncAccountRegions as { ItemProcessor: Asl }).ItemProcessor.States.Step0.End).toBe(true);
  });

  it.each([0, 41, 2.5])('refuses maxConcurrency %p', (maxConcurrency) => {
    expect(() => buildSync({ maxConcurrency })).toThrow(/maxConcurrency must be an integer from 1 to 40/);
  });

  it('makes the machine with its name and timeout, X-Ray on, and every event logged without execution data', () => {
    const stack = new Stack();
    syncStateMachine(stack, { name: 'example', definition: new sfn.Pass(stack, 'Nothing'), timeout: Duration.minutes(7), comment: 'example' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'example',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const definition = JSON.stringify(Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0].Properties.DefinitionString);
    expect(definition).toContain('\\"TimeoutSeconds\\":420');
  });
});
