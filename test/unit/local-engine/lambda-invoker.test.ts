import { loadCloudAssembly } from '../../../local/cfn';
import { LambdaFunctionError, LocalLambda } from '../../../local/lambda';
import { ACCOUNT, PROJECT_ROOT, REGION, fixtureTemplates } from './helpers';

const assembly = () => loadCloudAssembly(fixtureTemplates(), { accountId: ACCOUNT, region: REGION });
const DOUBLE = 'EngineFixtureOrchestration-DoubleE5C1DAD9';
const FLAKY = 'EngineFixtureOrchestration-FlakyB2E66695';

test('fixture app: functions carry handler metadata and environments resolved across stacks', () => {
  const a = assembly();
  const flaky = a.findFunction(FLAKY)!;
  expect(flaky.handler).toEqual({ entry: 'test/fixtures/engine/handlers/flaky.ts', export: 'handler' });
  expect(flaky.environment.FIXTURE_TABLE_NAME).toBe(a.tables[0]!.tableName);
  expect(a.stateMachines.map((m) => m.name).sort()).toEqual(['FixtureChild', 'FixtureMain']);
  const main = JSON.stringify(a.findStateMachine('FixtureMain')!.definition);
  expect(main).toContain(`"Resource":"arn:aws:lambda:${REGION}:${ACCOUNT}:function:${DOUBLE}"`);
  expect(main).not.toContain('Fn::');
  expect(a.schedules.map((s) => [s.source, s.expression, s.enabled])).toEqual([
    ['AWS::Scheduler::Schedule', 'rate(5 minutes)', true],
    ['AWS::Scheduler::Schedule', 'rate(1 minute)', false],
    ['AWS::Events::Rule', 'rate(1 hour)', true],
  ]);
});

test('invoke: runs the handler module with a realistic context and the function environment', async () => {
  const lambda = new LocalLambda({ assembly: assembly(), projectRoot: PROJECT_ROOT, environmentOverrides: { FIXTURE_OVERRIDE: 'yes' } });
  const out = (await lambda.invoke(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:${DOUBLE}`, { value: 21 })) as Record<string, unknown>;
  expect(out).toEqual({ value: 42, greeting: 'hello', functionName: DOUBLE, remainingPositive: true });
  expect(process.env.FIXTURE_OVERRIDE).toBe('yes');
  expect(process.env.FIXTURE_GREETING).toBe('hello');
  expect(lambda.invocationCounts()).toEqual({ [DOUBLE]: 1 });
});

test('environment: variables set to different values by different functions are reported and set per invocation', async () => {
  const lambda = new LocalLambda({ assembly: assembly(), projectRoot: PROJECT_ROOT });
  expect(lambda.conflicts).toEqual([{ variable: 'FIXTURE_SHARED', values: { [DOUBLE]: 'double', [FLAKY]: 'flaky' } }]);
  await lambda.invoke(FLAKY, { key: 'env' });
  expect(process.env.FIXTURE_SHARED).toBe('flaky');
  await lambda.invoke(DOUBLE, { value: 1 });
  expect(process.env.FIXTURE_SHARED).toBe('double');
});

test('errors: a thrown error keeps its name as errorType and the cause is Lambda-shaped JSON', async () => {
  const lambda = new LocalLambda({ assembly: assembly(), projectRoot: PROJECT_ROOT });
  const err = (await lambda.invoke(FLAKY, { key: 'err', fatal: true }).catch((e: unknown) => e)) as LambdaFunctionError;
  expect(err).toBeInstanceOf(LambdaFunctionError);
  expect(err.name).toBe('FatalError');
  const cause = JSON.parse(err.message);
  expect(cause).toMatchObject({ errorType: 'FatalError', errorMessage: 'fatal for err' });
  expect(cause.trace[0]).toBe('FatalError: fatal for err');
  const api = await lambda.invokeApi(FLAKY, { key: 'err2', fatal: true });
  expect(api).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled', Payload: { errorType: 'FatalError' } });
  await expect(lambda.invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('timeout: an invocation outliving the function Timeout fails with Sandbox.Timedout', async () => {
  const a = assembly();
  const slow = { ...a.findFunction(DOUBLE)!, timeoutSeconds: 0.02 };
  const lambda = new LocalLambda({
    assembly: { ...a, findFunction: () => slow },
    projectRoot: PROJECT_ROOT,
    loadModule: async () => ({ handler: () => new Promise((r) => setTimeout(r, 200)) }),
  });
  await expect(lambda.invoke(DOUBLE, {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
});

test('settled: waits for every running invocation, including ones started meanwhile', async () => {
  const releases: Array<(value: unknown) => void> = [];
  const lambda = new LocalLambda({
    assembly: assembly(),
    projectRoot: PROJECT_ROOT,
    loadModule: async () => ({ handler: () => new Promise((resolve) => releases.push(resolve)) }),
  });
  await lambda.settled();
  const first = lambda.invoke(DOUBLE, {});
  let settled = false;
  const waiting = lambda.settled().then(() => (settled = true));
  await new Promise((r) => setImmediate(r));
  expect(releases).toHaveLength(1);
  // A second invocation starts before the first answers: settled waits for it too.
  const second = lambda.invoke(DOUBLE, {});
  releases[0]!({ done: 1 });
  await first;
  await new Promise((r) => setImmediate(r));
  expect(settled).toBe(false);
  releases[1]!({ done: 2 });
  await Promise.all([second, waiting]);
  expect(settled).toBe(true);
});
