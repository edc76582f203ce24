import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, formatFreshness, freshnessLevel, stepFunctionsConsoleUrl } from '../src/lib/format';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('freshness', () => {
  it.each([
    [3_000, 'synced just now'],
    [42_000, 'synced 42 s ago'],
    [120_000, 'synced 2 min ago'],
    [59 * 60_000, 'synced 59 min ago'],
    [(2 * 60 + 5) * 60_000, 'synced 2 h 5 min ago'],
    [3 * 86_400_000, 'synced 3 days ago'],
  ])('%i ms ago → %s', (ms, text) => {
    expect(formatFreshness(ago(ms), NOW)).toBe(text);
  });
  it('says never when there was no sync', () => {
    expect(formatFreshness(null, NOW)).toBe('never synced');
    expect(formatAge(undefined, NOW)).toBe('never');
  });
  it('grades fresh, stale and old', () => {
    expect(freshnessLevel(ago(60_000), NOW)).toBe('fresh');
    expect(freshnessLevel(ago(30 * 60_000), NOW)).toBe('stale');
    expect(freshnessLevel(ago(2 * 3_600_000), NOW)).toBe('old');
    expect(freshnessLevel(null, NOW)).toBe('unknown');
  });
  it('formats durations', () => {
    expect(formatDuration(431)).toBe('431 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(undefined)).toBe('-');
  });
  it('builds the Step Functions console URL from the ARN', () => {
    const arn = 'arn:aws:states:eu-west-1:111111111111:execution:recovery-instance-sync:abc';
    expect(stepFunctionsConsoleUrl(arn)).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${arn}`);
  });
});
