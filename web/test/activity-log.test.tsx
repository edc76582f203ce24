import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVITY_LIMIT, ActivityLog, drsJobsConsoleUrl, loadActivity, recordActivity, terminationActivity } from '../src/components/ActivityLog';

const AT = new Date('2026-03-01T10:00:00Z');
const partial = terminationActivity(
  'terminateInstances',
  {
    requested: 3,
    terminated: [{ accountId: '222222222222', region: 'eu-west-1', recoveryInstanceIds: ['i-aaaaaaaa01', 'i-aaaaaaaa02'], jobId: 'drsjob-0000000000000000a' }],
    failed: [{ accountId: '333333333333', region: 'us-east-1', recoveryInstanceIds: ['i-bbbbbbbb01'], errorName: 'AccessDeniedError', message: 'not authorized' }],
    notFound: ['i-cccccccc01'],
  },
  AT,
);

afterEach(() => localStorage.clear());

describe('terminationActivity', () => {
  it('keeps each group\'s outcome and DRS job, and says what failed or was not found', () => {
    expect(partial).toMatchObject({
      at: '2026-03-01T10:00:00.000Z',
      action: 'terminateInstances',
      outcome: 'partial',
      summary: 'Terminated 2 instances, 1 failed, 1 not in the cache',
      groups: [
        { accountId: '222222222222', region: 'eu-west-1', recoveryInstanceIds: ['i-aaaaaaaa01', 'i-aaaaaaaa02'], jobId: 'drsjob-0000000000000000a' },
        { accountId: '333333333333', region: 'us-east-1', recoveryInstanceIds: ['i-bbbbbbbb01'], error: 'AccessDeniedError: not authorized' },
      ],
      notFound: ['i-cccccccc01'],
    });
  });
});

describe('the stored log', () => {
  it('is per user, newest first, and keeps the last 100 entries', () => {
    for (let n = 0; n < ACTIVITY_LIMIT + 5; n++) recordActivity('alice', { ...partial, id: String(n) });
    recordActivity('bob', { ...partial, id: 'b' });
    const alice = loadActivity('alice');
    expect(alice).toHaveLength(ACTIVITY_LIMIT);
    expect(alice[0]!.id).toBe(String(ACTIVITY_LIMIT + 4));
    expect(loadActivity('bob').map((e) => e.id)).toEqual(['b']);
  });

  it('reads a damaged entry as an empty log rather than failing the page', () => {
    localStorage.setItem('drs-orch.activity.alice', '{not json');
    expect(loadActivity('alice')).toEqual([]);
  });
});

describe('ActivityLog', () => {
  it('in AWS links each DRS job to the DRS console of its region', () => {
    render(<ActivityLog entries={[partial]} linkJobs onClear={() => undefined} />);
    const table = screen.getByRole('table', { name: 'Activity log' });
    const link = within(table).getByRole('link', { name: 'DRS job drsjob-0000000000000000a in eu-west-1' });
    expect(link.getAttribute('href')).toBe(drsJobsConsoleUrl('eu-west-1'));
    expect(link.getAttribute('href')).toBe('https://eu-west-1.console.aws.amazon.com/drs/home?region=eu-west-1#/jobs');
    expect(table.textContent).toContain('AccessDeniedError: not authorized');
    expect(table.textContent).toContain('Not in the cache, not sent: i-cccccccc01');
  });

  it('locally, where the estate has no DRS console, shows the job id as text', () => {
    render(<ActivityLog entries={[partial]} linkJobs={false} onClear={() => undefined} />);
    const table = screen.getByRole('table', { name: 'Activity log' });
    expect(within(table).queryByRole('link')).toBeNull();
    expect(table.textContent).toContain('drsjob-0000000000000000a');
  });
});
