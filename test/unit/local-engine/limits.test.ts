/**
 * The local engine enforces the Step Functions quotas AWS enforces, so a
 * machine that would break in AWS breaks here (local/sfn/limits.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalCloudAssembly } from '../../../local/cfn';
import { createVirtualClock } from '../../../local/clock';
import type { LocalLambda } from '../../../local/lambda';
import { LocalStepFunctions } from '../../../local/sfn/engine';
import { MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES } from '../../../local/sfn/limits';

const ACCOUNT = '111111111111';
const arnOf = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

/** Parameters (or an ItemSelector) that make three copies of `$.blob`: 300 KiB from a 100 KiB blob. */
const TRIPLE = { 'a.$': '$.blob', 'b.$': '$.blob', 'c.$': '$.blob' };

/** Machines written by hand: these tests need shapes the app does not have (a runaway loop, a fat Map). */
const MACHINES: Record<string, Record<string, unknown>> = {
  // Each item comes back with the execution's `blob`: three items of 100 KiB make a 300 KiB Map output.
  FatMap: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'blob.$': '$$.Execution.Input.blob' },
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Succeed' },
    },
  },
  // A connector returns 300 KiB that ResultPath would discard: AWS fails on the raw result.
  FatTask: {
    StartAt: 'Fetch',
    States: {
      Fetch: { Type: 'Task', Resource: 'arn:aws:states:::test:fat', ResultPath: null, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
      Caught: { Type: 'Succeed' },
    },
  },
  // Parameters triple the execution's `blob`; ResultPath null keeps the output the (smaller) raw input.
  FatPass: {
    StartAt: 'Build',
    States: { Build: { Type: 'Pass', Parameters: TRIPLE, ResultPath: null, End: true } },
  },
  // The same Pass in a Parallel branch: a States.ALL catcher comes first and must not match; the one naming the error does.
  PassInParallel: {
    StartAt: 'Guard',
    States: {
      Guard: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Grow', States: { Grow: { Type: 'Pass', Parameters: TRIPLE, ResultPath: null, End: true } } }],
        Catch: [
          { ErrorEquals: ['States.ALL'], Next: 'Wrong' },
          { ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.error', Next: 'Caught' },
        ],
        End: true,
      },
      Wrong: { Type: 'Fail', Error: 'Wrong' },
      Caught: { Type: 'Pass', OutputPath: '$.error', End: true },
    },
  },
  // Each iteration's input (after ItemSelector) is three blobs; the iteration itself answers 1.
  FatItems: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: TRIPLE,
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'One', States: { One: { Type: 'Pass', Result: 1, End: true } } },
        Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', OutputPath: '$.error', End: true },
    },
  },
  // Each branch gets the Parallel's input after Parameters; only a States.ALL catcher.
  FatBranches: {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Parameters: TRIPLE,
        Branches: [
          { StartAt: 'Left', States: { Left: { Type: 'Pass', Result: 'l', End: true } } },
          { StartAt: 'Right', States: { Right: { Type: 'Pass', Result: 'r', End: true } } },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Wrong' }],
        End: true,
      },
      Wrong: { Type: 'Fail', Error: 'Wrong' },
    },
  },
  // A Pass in a Map iteration in a Parallel branch: the Map catches States.ALL only, the Parallel names the error.
  Nested: {
    StartAt: 'Outer',
    States: {
      Outer: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Inner',
            States: {
              Inner: {
                Type: 'Map',
                ItemsPath: '$.items',
                ItemSelector: { 'blob.$': '$.blob' },
                ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Deep', States: { Deep: { Type: 'Pass', Parameters: TRIPLE, ResultPath: null, End: true } } },
                Catch: [{ ErrorEquals: ['States.ALL'], Next: 'InnerWrong' }],
                End: true,
              },
              InnerWrong: { Type: 'Fail', Error: 'InnerWrong' },
            },
          },
        ],
        Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', OutputPath: '$.error', End: true },
    },
  },
  // A connector's 300 KiB result, caught by name; States.TaskFailed comes first and must not match.
  FatTaskCaught: {
    StartAt: 'Fetch',
    States: {
      Fetch: {
        Type: 'Task',
        Resource: 'arn:aws:states:::test:fat',
        ResultPath: null,
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' },
          { ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.error', Next: 'Caught' },
        ],
        End: true,
      },
      Wrong: { Type: 'Fail', Error: 'Wrong' },
      Caught: { Type: 'Pass', OutputPath: '$.error', End: true },
    },
  },
  // Counts to `$.limit`, six events a round.
  Loop: {
    StartAt: 'Count',
    States: {
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'limit.$': '$.limit' }, Next: 'Done?' },
      'Done?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 0, Next: 'More?' }] },
      'More?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThanPath: '$.limit', Next: 'Count' }], Default: 'End' },
      End: { Type: 'Succeed' },
    },
  },
  // Iterations run side by side; each calls a Task.
  Parallel: {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 0,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::test:work', Next: 'After' }, After: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  },
};

function engine(): LocalStepFunctions {
  const assembly = {
    environment: { partition: 'aws', region: 'us-east-1', accountId: ACCOUNT },
    stateMachines: Object.entries(MACHINES).map(([name, definition]) => ({
      stackName: 'Limits',
      logicalId: name,
      name,
      arn: arnOf(name),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/limits`,
      type: 'STANDARD',
      definition,
      definitionString: JSON.stringify(definition),
    })),
  } as unknown as LocalCloudAssembly;
  return new LocalStepFunctions({
    assembly,
    lambda: {} as LocalLambda,
    clock: createVirtualClock({ speed: 1000 }),
    // Later items answer first, so iterations interleave.
    integrations: {
      'test:fat': async () => ({ blob: 'x'.repeat(300 * 1024) }),
      'test:work': async (input) => sleep(5 * (3 - Number(input.item ?? 0))).then(() => ({ done: input })),
    },
  });
}

let sfn: LocalStepFunctions;
beforeAll(() => {
  sfn = engine();
});
afterAll(() => sfn.close());

const run = async (machine: string, input: unknown, name?: string) => {
  const { executionArn } = sfn.startExecution({ stateMachineArn: arnOf(machine), input: JSON.stringify(input), name });
  return sfn.waitForExecution(executionArn, { timeoutMs: 120_000 });
};

describe('StartExecution', () => {
  it('refuses a name longer than 80 characters or empty with ValidationException, and a forbidden character with InvalidName', () => {
    const start = (name: string) => () => sfn.startExecution({ stateMachineArn: arnOf('Loop'), name, input: '{"n":0,"limit":1}' });
    expect(start('x'.repeat(81))).toThrow(expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining("at 'name' failed to satisfy constraint: Member must have length less than or equal to 80") }));
    expect(start('')).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    for (const bad of ['has space', 'a/b', 'a:b', 'tab\there', 'q?', 'x\u0085y']) expect(start(bad)).toThrow(expect.objectContaining({ name: 'InvalidName' }));
    expect(start('ok-80-' + 'x'.repeat(74))).not.toThrow();
  });

  it('refuses an input over 256 KiB of UTF-8, counted in bytes', () => {
    const input = (chars: number, char: string) => JSON.stringify({ blob: char.repeat(chars) });
    const overhead = input(0, 'a').length;
    expect(() => sfn.startExecution({ stateMachineArn: arnOf('Loop'), input: input(MAX_PAYLOAD_BYTES - overhead, 'a') })).not.toThrow();
    // The same number of characters, but each é is two bytes.
    expect(() => sfn.startExecution({ stateMachineArn: arnOf('Loop'), input: input(MAX_PAYLOAD_BYTES - overhead, 'é') })).toThrow(
      expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining("at 'input'") }),
    );
  });
});

describe('payload limit', () => {
  it('a state output over 256 KiB fails the execution with States.DataLimitExceeded, which States.ALL does not catch', async () => {
    const done = await run('FatMap', { items: [1, 2, 3], blob: 'x'.repeat(100 * 1024) });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: expect.stringContaining("The state/task 'Fan' returned a result with a size exceeding") });
    const events = sfn.getExecutionHistory(done.executionArn).items;
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.DataLimitExceeded' } });
    expect(events.map((e) => e.type)).not.toContain('SucceedStateEntered');
  });

  it('a connector result over 256 KiB fails the execution even when ResultPath discards it', async () => {
    const done = await run('FatTask', {});
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: "The state/task 'test:fat' returned a result with a size exceeding the maximum number of bytes service limit." });
    const types = sfn.getExecutionHistory(done.executionArn).items.map((e) => e.type);
    expect(types).not.toContain('TaskSucceeded');
    expect(types).not.toContain('SucceedStateEntered');
    expect(types.at(-1)).toBe('ExecutionFailed');
  });

  it('an output just under the limit passes', async () => {
    const done = await run('FatMap', { items: [1, 2], blob: 'x'.repeat(100 * 1024) });
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('payload limit on a state’s input after Parameters', () => {
  const blob = (kib: number) => 'x'.repeat(kib * 1024);
  const inputCause = (state: string) => `The state/task '${state}' has an input with a size exceeding the maximum number of bytes service limit.`;
  const caught = (state: string) => JSON.stringify({ Error: 'States.DataLimitExceeded', Cause: inputCause(state) });

  it('a Pass whose Parameters build more than 256 KiB fails with States.DataLimitExceeded, though its output would fit', async () => {
    const done = await run('FatPass', { blob: blob(100) });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: inputCause('Build') });
    expect(sfn.getExecutionHistory(done.executionArn).items.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    // A third of that fits: the Pass runs as a Pass.
    const small = await run('FatPass', { blob: blob(30) });
    expect(small.status).toBe('SUCCEEDED');
    expect(sfn.getExecutionHistory(small.executionArn).items.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('is caught by a Catch that names it, and not by States.ALL before it', async () => {
    const done = await run('PassInParallel', { blob: blob(100) });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: caught('Grow') });
    expect(sfn.getExecutionHistory(done.executionArn).items.map((e) => e.type)).toContain('ParallelStateFailed');
  });

  it('a Map whose ItemSelector builds an iteration input over 256 KiB fails with it, and its Catch takes it by name', async () => {
    const done = await run('FatItems', { items: [1, 2], blob: blob(100) });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: caught('Fan') });
    const types = sfn.getExecutionHistory(done.executionArn).items.map((e) => e.type);
    expect(types).toContain('MapStateFailed');
    expect(types).not.toContain('MapIterationSucceeded');
    const fits = await run('FatItems', { items: [1, 2], blob: blob(50) });
    expect(fits).toMatchObject({ status: 'SUCCEEDED', output: '[1,1]' });
  });

  it('a Parallel whose Parameters build more than 256 KiB fails with it; States.ALL does not catch it', async () => {
    const done = await run('FatBranches', { blob: blob(100) });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: inputCause('Both') });
    expect(sfn.getExecutionHistory(done.executionArn).items.map((e) => e.type)).not.toContain('FailStateEntered');
    const fits = await run('FatBranches', { blob: blob(50) });
    expect(fits).toMatchObject({ status: 'SUCCEEDED', output: '["l","r"]' });
  });

  it('travels out of a Map iteration past the Map’s States.ALL catcher to the enclosing Parallel that names it', async () => {
    const done = await run('Nested', { items: [1], blob: blob(100) });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: caught('Deep') });
  });

  it('a connector result over 256 KiB is caught by name, not by States.TaskFailed', async () => {
    const done = await run('FatTaskCaught', {});
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ Error: 'States.DataLimitExceeded', Cause: "The state/task 'test:fat' returned a result with a size exceeding the maximum number of bytes service limit." }),
    });
  });
});

describe('history quota', () => {
  it('fails the execution at its 25,000th event when that is not ExecutionSucceeded', async () => {
    const done = await run('Loop', { n: 0, limit: 10_000 });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'The execution reached the maximum number of history events (25000).' });
    const events = sfn.getExecutionHistory(done.executionArn, { maxResults: 1000, reverseOrder: true }).items;
    expect(events[0]).toMatchObject({ id: MAX_HISTORY_EVENTS, type: 'ExecutionFailed' });
  }, 120_000);

  it('succeeds when its 25,000th event is ExecutionSucceeded', async () => {
    // 1 + 6 × 4166 + 2 + 1 = 25,000 events.
    const done = await run('Loop', { n: 0, limit: 4166 });
    expect(done.status).toBe('SUCCEEDED');
    const [last] = sfn.getExecutionHistory(done.executionArn, { maxResults: 1, reverseOrder: true }).items;
    expect(last).toMatchObject({ id: MAX_HISTORY_EVENTS, type: 'ExecutionSucceeded' });
  }, 120_000);

  it('a run that ends within the quota succeeds', async () => {
    const done = await run('Loop', { n: 0, limit: 100 });
    expect(done.status).toBe('SUCCEEDED');
    const events = sfn.getExecutionHistory(done.executionArn, { maxResults: 1000 }).items;
    // ExecutionStarted, six events a round, the Succeed state's two, ExecutionSucceeded.
    expect(events).toHaveLength(1 + 100 * 6 + 2 + 1);
    expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
  });
});

describe('previousEventId in Map iterations', () => {
  it('follows each iteration’s own chain, while iterations interleave', async () => {
    const done = await run('Parallel', { items: [{ item: 0 }, { item: 1 }, { item: 2 }] });
    expect(done.status).toBe('SUCCEEDED');
    const events = sfn.getExecutionHistory(done.executionArn, { maxResults: 1000 }).items;
    const byId = new Map(events.map((e) => [e.id, e]));
    const mapStarted = events.find((e) => e.type === 'MapStateStarted')!;
    const starts = events.filter((e) => e.type === 'MapIterationStarted');
    expect(starts).toHaveLength(3);
    for (const start of starts) {
      expect(start.previousEventId).toBe(mapStarted.id);
      const index = (start.mapIterationStartedEventDetails as { index: number }).index;
      // Walk back from the iteration's end: every step stays in the iteration and reaches its start.
      const end = events.find((e) => e.type === 'MapIterationSucceeded' && (e.mapIterationSucceededEventDetails as { index: number }).index === index)!;
      const chain: string[] = [];
      for (let e = end; e.id !== start.id; e = byId.get(e.previousEventId)!) chain.unshift(e.type);
      expect(chain).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded']);
    }
    // The iterations did interleave, so a chain is not simply id - 1.
    expect(events.some((e) => e.previousEventId !== e.id - 1)).toBe(true);
  });
});
