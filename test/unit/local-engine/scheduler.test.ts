import { parseScheduleExpression } from '../../../local/scheduler';
import { CHILD_ARN, eventually, fixtureEngine } from './helpers';

const at = (iso: string) => Date.parse(iso);

test('rate expressions fire every period from the anchor', () => {
  const e = parseScheduleExpression('rate(5 minutes)', at('2025-01-01T00:00:00Z'));
  expect(new Date(e.next(at('2025-01-01T00:00:00Z'))!).toISOString()).toBe('2025-01-01T00:05:00.000Z');
  expect(new Date(e.next(at('2025-01-01T00:07:00Z'))!).toISOString()).toBe('2025-01-01T00:10:00.000Z');
  expect(parseScheduleExpression('rate(1 hour)', 0).next(0)).toBe(3_600_000);
});

test('cron expressions follow AWS fields (minute hour day-of-month month day-of-week year)', () => {
  const daily = parseScheduleExpression('cron(30 2 * * ? *)', 0);
  expect(new Date(daily.next(at('2025-03-10T03:00:00Z'))!).toISOString()).toBe('2025-03-11T02:30:00.000Z');
  const weekdays = parseScheduleExpression('cron(0/15 9-17 ? * MON-FRI *)', 0);
  expect(new Date(weekdays.next(at('2025-03-08T12:00:00Z'))!).toISOString()).toBe('2025-03-10T09:00:00.000Z'); // Saturday → Monday
  expect(new Date(weekdays.next(at('2025-03-10T09:00:00Z'))!).toISOString()).toBe('2025-03-10T09:15:00.000Z');
  expect(parseScheduleExpression('at(2030-01-01T00:00:00)', 0).next(at('2031-01-01T00:00:00Z'))).toBeUndefined();
  expect(() => parseScheduleExpression('cron(0 0 L * ? *)', 0)).toThrow(/not supported/);
});

test('scheduler: the enabled 5-minute schedule starts the child machine with its Input on a fast clock', async () => {
  const local = fixtureEngine({ speed: 30_000 }); // 5 virtual minutes = 10 ms
  try {
    local.scheduler.start();
    expect(local.scheduler.skipped).toEqual([{ schedule: expect.stringContaining('Disabled'), reason: 'DISABLED' }]);
    await eventually(() => (local.scheduler.fired.filter((f) => f.schedule.includes('EveryFiveMinutes')).length >= 3 ? true : undefined));
    local.scheduler.stop();
    const fired = local.scheduler.fired.filter((f) => f.schedule.includes('EveryFiveMinutes'));
    expect(fired[1]!.scheduledTime.getTime() - fired[0]!.scheduledTime.getTime()).toBe(300_000);
    const execution = await local.engine.waitForExecution(fired[0]!.executionArn!);
    expect(execution).toMatchObject({ stateMachineArn: CHILD_ARN, status: 'SUCCEEDED', input: '{"source":"schedule"}' });
    const count = local.scheduler.fired.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(local.scheduler.fired.length).toBe(count);
  } finally {
    await local.close();
  }
});

test('scheduler: a scheduled rule without Input sends the Scheduled Event', async () => {
  const local = fixtureEngine({ speed: 360_000 }); // 1 virtual hour = 10 ms
  try {
    local.scheduler.start();
    const fired = await eventually(() => local.scheduler.fired.find((f) => f.source === 'AWS::Events::Rule'));
    local.scheduler.stop();
    const input = JSON.parse(local.engine.describeExecution(fired.executionArn!).input);
    expect(input).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', region: 'us-east-1', detail: {} });
  } finally {
    await local.close();
  }
});
