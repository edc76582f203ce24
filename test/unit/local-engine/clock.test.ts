import { createVirtualClock } from '../../../local/clock';
import type { CfnTemplate } from '../../../local/cfn';
import { createLocalEngine } from '../../../local/sfn';
import { PROJECT_ROOT } from './helpers';

const COMPUTE = 'arn:aws:lambda:us-east-1:111111111111:function:Clocked-Compute';
const arn = (name: string) => `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;

function templateWith(machines: Record<string, object>): Record<string, CfnTemplate> {
  const resources: NonNullable<CfnTemplate['Resources']> = {
    Compute: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'DrsOrchestrator:Handler': { entry: 'test/fixtures/engine/handlers/compute.ts', export: 'handler' } },
      Properties: { Timeout: 30 },
    },
  };
  for (const [name, definition] of Object.entries(machines)) {
    resources[name] = { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: name, RoleArn: 'arn:aws:iam::111111111111:role/r', DefinitionString: JSON.stringify(definition) } };
  }
  return { Clocked: { Resources: resources } };
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Keeps the event loop from delivering timers, as a loaded machine does. */
const blockEventLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
};

describe('virtual clock', () => {
  test('runs at the set speed while everything waits, and at 1x while work is marked busy', async () => {
    const clock = createVirtualClock({ speed: 1000 });
    // Each span of virtual time is read inside the span of real time (or around it), so load cannot skew the comparison.
    let virtualStart = clock.now();
    let realStart = Date.now();
    await realSleep(20);
    let realEnd = Date.now();
    let virtualEnd = clock.now();
    expect(virtualEnd - virtualStart).toBeGreaterThanOrEqual((realEnd - realStart) * 1000);

    const release = clock.busy();
    realStart = Date.now();
    virtualStart = clock.now();
    await realSleep(20);
    virtualEnd = clock.now();
    realEnd = Date.now();
    release();
    expect(virtualEnd - virtualStart).toBeLessThanOrEqual(realEnd - realStart + 1);
    expect(clock.isBusy).toBe(false);
  });

  test('never moves backwards when work starts and ends', async () => {
    const clock = createVirtualClock({ speed: 1000 });
    let last = clock.now();
    for (let i = 0; i < 50; i++) {
      const release = clock.busy();
      expect(clock.now()).toBeGreaterThanOrEqual(last);
      last = clock.now();
      await realSleep(1);
      release();
      expect(clock.now()).toBeGreaterThanOrEqual(last);
      last = clock.now();
    }
  });

  test('a late event loop does not make virtual time overshoot a due timer', async () => {
    const clock = createVirtualClock({ speed: 1000 });
    const seen = new Promise<number>((resolve) => clock.setTimer(1000, () => resolve(clock.now())));
    blockEventLoop(20); // 20 s of virtual time at 1000x: the timer is due, but the loop cannot deliver it
    const frozen = clock.now();
    blockEventLoop(20);
    expect(clock.now()).toBe(frozen);
    // The callback runs as compute (1x) from the due time: a few real ms may pass before it reads the clock, never the 20 s the blocked loop would add.
    const atCallback = await seen;
    expect(atCallback).toBeGreaterThanOrEqual(frozen);
    expect(atCallback).toBeLessThan(frozen + 1000);
  });

  test('sleep resolves after the virtual time and can be aborted', async () => {
    const clock = createVirtualClock({ speed: 100_000 });
    const start = clock.now();
    await clock.sleep(60_000);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 60_000);
    const controller = new AbortController();
    const forever = clock.sleep(10 * 365 * 86_400_000, controller.signal);
    controller.abort();
    await expect(forever).resolves.toBeUndefined();
  });
});

describe('the engine on the virtual clock', () => {
  test('a Lambda computing far longer than the machine timeout takes at the set speed still succeeds: compute runs at 1x', async () => {
    // TimeoutSeconds 60 at 6000x is 10 real ms of waiting; the Task computes for 300 real ms (0.3 virtual s).
    const local = createLocalEngine({
      templates: templateWith({
        Busy: {
          TimeoutSeconds: 60,
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: COMPUTE, TimeoutSeconds: 10, Parameters: { computeMs: 300 }, End: true } },
        },
      }),
      clock: createVirtualClock({ speed: 6000 }),
      projectRoot: PROJECT_ROOT,
    });
    try {
      const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Busy') });
      const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 20_000 });
      expect(done.status).toBe('SUCCEEDED');
      expect(done.stopDate!.getTime() - done.startDate.getTime()).toBeLessThan(60_000);
    } finally {
      await local.close();
    }
  });

  test('waiting still counts at full speed: a Wait longer than the machine timeout ends TIMED_OUT at the timeout, in virtual time', async () => {
    const local = createLocalEngine({
      templates: templateWith({ Slow: { TimeoutSeconds: 60, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } } }),
      clock: createVirtualClock({ speed: 6000 }),
      projectRoot: PROJECT_ROOT,
    });
    try {
      const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Slow') });
      const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 20_000 });
      expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
      // At the timeout, not a Wait's hour later; what follows the timer runs at 1x, so only real milliseconds are added.
      expect(done.stopDate!.getTime() - done.startDate.getTime()).toBeGreaterThanOrEqual(60_000);
      expect(done.stopDate!.getTime() - done.startDate.getTime()).toBeLessThan(61_000);
    } finally {
      await local.close();
    }
  });

  test('$$.Execution.StartTime is the execution startDate the API reports, and handlers see the same clock', async () => {
    const clock = createVirtualClock({ speed: 30, start: Date.UTC(2031, 4, 1, 8, 0, 0) });
    const local = createLocalEngine({
      templates: templateWith({
        Stamped: {
          StartAt: 'Stamp',
          States: {
            Stamp: { Type: 'Pass', Parameters: { 'startedAt.$': '$$.Execution.StartTime' }, Next: 'Work' },
            Work: { Type: 'Task', Resource: COMPUTE, Parameters: { computeMs: 1 }, ResultPath: '$.work', End: true },
          },
        },
      }),
      clock,
      projectRoot: PROJECT_ROOT,
    });
    const { setProcessClock } = await import('../../../lib/clock');
    const restore = setProcessClock({ now: () => clock.date() });
    try {
      const { executionArn } = local.engine.startExecution({ stateMachineArn: arn('Stamped') });
      const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 20_000 });
      const output = JSON.parse(done.output!) as { startedAt: string; work: { now: string } };
      expect(output.startedAt).toBe(done.startDate.toISOString());
      expect(Date.parse(output.work.now)).toBeGreaterThanOrEqual(done.startDate.getTime());
      expect(Date.parse(output.work.now)).toBeLessThanOrEqual(done.stopDate!.getTime());
    } finally {
      restore();
      await local.close();
    }
  });
});
