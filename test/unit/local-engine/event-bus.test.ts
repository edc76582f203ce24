/**
 * The local event bus: EventBridge pattern matching, the rules read from the
 * synthesized app, and delivery of the engine's execution status changes to
 * state-machine and Lambda targets.
 */
import { loadCloudAssembly, type CfnTemplate } from '../../../local/cfn';
import { createVirtualClock } from '../../../local/clock';
import { EventPatternNotImplementedError, LocalEventBus, createLocalEventBus, forwardExecutionEvents, loadEventRules, matchesEventPattern, type EventRule } from '../../../local/events';
import { createLocalEngine } from '../../../local/sfn';
import type { LocalEngine } from '../../../local/sfn';
import { loadTemplates } from '../../support/synth';
import { ACCOUNT, CHILD_ARN, MAIN_ARN, PROJECT_ROOT, REGION, fixtureEngine } from './helpers';

const statusChange = (status: string, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: ACCOUNT,
  time: '2026-12-02T10:00:00Z',
  region: REGION,
  resources: ['arn:aws:states:us-east-1:111111111111:execution:m:x'],
  detail: { status, stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:m', startDate: 1_700_000_000_000, error: null, ...extra },
});

describe('event patterns', () => {
  const pattern = { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'], detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] } };

  it.each([
    ['a listed value', statusChange('ABORTED'), true],
    ['an unlisted value', statusChange('SUCCEEDED'), false],
    ['a missing field', { ...statusChange('FAILED'), detail: {} }, false],
  ])('exact values: %s', (_what, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('matches any element of an array field (resources)', () => {
    expect(matchesEventPattern({ resources: ['arn:aws:states:us-east-1:111111111111:execution:m:x'] }, statusChange('FAILED'))).toBe(true);
    expect(matchesEventPattern({ resources: ['other'] }, statusChange('FAILED'))).toBe(false);
  });

  it('content filters: prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, $or', () => {
    const event = statusChange('FAILED', { error: null });
    expect(matchesEventPattern({ detail: { stateMachineArn: [{ prefix: 'arn:aws:states:' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { stateMachineArn: [{ suffix: ':other' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': ['SUCCEEDED', 'RUNNING'] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': 'FAILED' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { startDate: [{ numeric: ['>', 0, '<=', 1_700_000_000_000] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { startDate: [{ numeric: ['<', 5] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { cause: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { error: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { error: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'equals-ignore-case': 'failed' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { stateMachineArn: [{ wildcard: 'arn:aws:states:*:stateMachine:m' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.drs'] }, { detail: { status: ['FAILED'] } }] }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.drs'] }, { detail: { status: ['ABORTED'] } }] }, event)).toBe(false);
  });

  it('an operator the bus does not implement is refused, never matched by accident', () => {
    expect(() => matchesEventPattern({ detail: { status: [{ cidr: '10.0.0.0/8' }] } }, statusChange('FAILED'))).toThrow(EventPatternNotImplementedError);
  });
});

describe('rules from the synthesized app', () => {
  it('reads the execution-ended rule with its state machine and Lambda target resolved', () => {
    const templates = loadTemplates() as Record<string, CfnTemplate>;
    const assembly = loadCloudAssembly(templates, { accountId: '111111111111', region: 'us-east-1' });
    const rules = loadEventRules(templates, assembly);
    const rule = rules.find((r) => r.logicalId.startsWith('ExecutionEndedRule'))!;
    const sync = assembly.findStateMachine('recovery-instance-sync')!;
    const tagSync = assembly.findStateMachine('tag-sync')!;
    const inventorySync = assembly.findStateMachine('inventory-sync')!;
    const stagingSync = assembly.findStateMachine('staging-account-sync')!;
    expect(rule).toMatchObject({ eventBusName: 'default', enabled: true });
    expect(rule.eventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [sync.arn, tagSync.arn, inventorySync.arn, stagingSync.arn] },
    });
    expect(assembly.findFunction(rule.targets[0]!.arn)?.handler?.entry).toBe('tasks/executions/release-ended-execution.ts');
  });
});

describe('delivery of execution status changes', () => {
  let local: LocalEngine;
  let bus: LocalEventBus;
  const rules: EventRule[] = [
    {
      stackName: 'S',
      logicalId: 'OnAborted',
      name: 'on-aborted',
      eventBusName: 'default',
      enabled: true,
      eventPattern: { source: ['aws.states'], detail: { status: ['ABORTED'], stateMachineArn: [MAIN_ARN] } },
      targets: [
        { id: 'machine', arn: CHILD_ARN, inputPath: '$.detail' },
        { id: 'function', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:placeholder`, input: JSON.stringify({ value: 21 }) },
      ],
    },
  ];

  beforeAll(() => {
    local = fixtureEngine();
    const double = local.assembly.functions.find((f) => f.handler?.entry === 'test/fixtures/engine/handlers/double.ts')!;
    const withDouble = rules.map((r) => ({ ...r, targets: r.targets.map((t) => (t.id === 'function' ? { ...t, arn: double.arn } : t)) }));
    bus = new LocalEventBus({ rules: withDouble, environment: local.assembly.environment, lambda: local.lambda, engine: local.engine, clock: createVirtualClock({ speed: 1000 }) });
    bus.onClose(forwardExecutionEvents(local.engine, bus));
  });

  afterAll(async () => {
    await bus.close();
    await local.close();
  });

  it('a stopped execution sends the real event shape, and its rule starts the state machine and invokes the function', async () => {
    const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, name: 'to-stop', input: JSON.stringify({ mode: 'wait', waitSeconds: 600 }) });
    local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'by test' });
    await bus.settled();

    const aborted = bus.received.find((e) => (e.detail as { status: string }).status === 'ABORTED')!;
    expect(aborted).toMatchObject({
      version: '0',
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      account: ACCOUNT,
      region: REGION,
      resources: [executionArn],
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      detail: {
        executionArn,
        stateMachineArn: MAIN_ARN,
        name: 'to-stop',
        status: 'ABORTED',
        startDate: expect.any(Number),
        stopDate: expect.any(Number),
        input: JSON.stringify({ mode: 'wait', waitSeconds: 600 }),
        error: 'Cancelled',
        cause: 'by test',
        output: null,
      },
    });
    expect(bus.received.filter((e) => (e.detail as { executionArn: string }).executionArn === executionArn).map((e) => (e.detail as { status: string }).status)).toEqual(['RUNNING', 'ABORTED']);

    const deliveries = bus.deliveries.filter((d) => d.eventId === aborted.id);
    expect(deliveries).toEqual([
      expect.objectContaining({ targetId: 'machine', status: 'SUCCEEDED', executionArn: expect.any(String) }),
      expect.objectContaining({ targetId: 'function', status: 'SUCCEEDED', attempts: 1 }),
    ]);
    const child = await local.engine.waitForExecution(deliveries[0]!.executionArn!);
    expect(JSON.parse(child.output!)).toEqual({ received: aborted.detail });
  });

  it('an execution that succeeds matches no rule', async () => {
    const before = bus.deliveries.length;
    const { executionArn } = local.engine.startExecution({ stateMachineArn: CHILD_ARN, input: '{}' });
    await local.engine.waitForExecution(executionArn);
    await bus.settled();
    expect(bus.deliveries.length).toBe(before);
  });

  it('PutEvents refuses AWS sources and delivers custom events only to matching rules', () => {
    const out = bus.putEvents([
      { Source: 'aws.states', DetailType: 'Step Functions Execution Status Change', Detail: '{}' },
      { Source: 'drs.orchestrator', DetailType: 'Test', Detail: '{"a":1}' },
    ]);
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries[0]).toMatchObject({ ErrorCode: 'NotAuthorizedForSourceException' });
    expect(out.Entries[1]).toMatchObject({ EventId: expect.any(String) });
  });
});

describe('a timed-out execution, through rules read from a template', () => {
  it('TIMED_OUT reaches the rule whose pattern names the machine by Ref, and its state-machine target starts', async () => {
    const machine = (definition: object, extra: Record<string, unknown> = {}) => ({
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { RoleArn: 'arn:aws:iam::111111111111:role/r', DefinitionString: JSON.stringify(definition), ...extra },
    });
    const templates: Record<string, CfnTemplate> = {
      Hand: {
        Resources: {
          Slow: machine({ StartAt: 'Pause', TimeoutSeconds: 1, States: { Pause: { Type: 'Wait', Seconds: 600, End: true } } }, { StateMachineName: 'Slow' }),
          Cleanup: machine({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, { StateMachineName: 'Cleanup' }),
          OnTimeout: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventPattern: { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'], detail: { status: ['TIMED_OUT'], stateMachineArn: [{ Ref: 'Slow' }] } },
              Targets: [{ Id: 'cleanup', Arn: { Ref: 'Cleanup' }, InputPath: '$.detail' }],
            },
          },
        },
      },
    };
    const clock = createVirtualClock({ speed: 1000 });
    const engine = createLocalEngine({ templates, clock, projectRoot: PROJECT_ROOT });
    const events = createLocalEventBus({ templates, assembly: engine.assembly, lambda: engine.lambda, engine: engine.engine, clock });
    try {
      const slowArn = engine.assembly.findStateMachine('Slow')!.arn;
      const { executionArn } = engine.engine.startExecution({ stateMachineArn: slowArn, input: '{}' });
      expect((await engine.engine.waitForExecution(executionArn)).status).toBe('TIMED_OUT');
      await events.settled();
      const [delivery] = events.deliveries;
      expect(events.deliveries).toHaveLength(1);
      expect(delivery).toMatchObject({ targetId: 'cleanup', status: 'SUCCEEDED' });
      const cleanup = await engine.engine.waitForExecution(delivery!.executionArn!);
      expect(JSON.parse(cleanup.input)).toMatchObject({ executionArn, status: 'TIMED_OUT', error: 'States.Timeout', stateMachineArn: slowArn });
    } finally {
      await events.close();
      await engine.close();
    }
  });
});
