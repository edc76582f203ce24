import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountCapacity, CombinedCapacity, StagingAccountSyncStatus } from '../src/api/types';
import { StagingAccountsPage } from '../src/pages/StagingAccounts';
import { PAGES } from '../src/routes';
import { fakeFetch, renderWithApp } from './helpers';

afterEach(() => localStorage.clear());

const account = (accountId: string, fields: Partial<AccountCapacity> = {}): AccountCapacity => ({
  accountId,
  accountName: `Account ${accountId}`,
  accountType: 'target',
  replicatingServers: 0,
  totalServers: 0,
  maxReplicating: 300,
  percentUsed: 0,
  availableSlots: 300,
  status: 'OK',
  regionalBreakdown: [],
  warnings: [],
  accessible: true,
  ...fields,
});

const CAPACITY: CombinedCapacity = {
  combined: { totalReplicating: 290, maxReplicating: 900, percentUsed: 32.2, status: 'HYPER-CRITICAL', message: 'At least one account-region is at HYPER-CRITICAL.', availableSlots: 610 },
  accounts: [
    account('222222222222', { replicatingServers: 285, totalServers: 290, percentUsed: 95, availableSlots: 15, status: 'HYPER-CRITICAL', regionalBreakdown: [{ region: 'us-east-1', totalServers: 290, replicatingServers: 285 }] }),
    account('444444444444', { accountType: 'staging', accountName: 'Analytics staging', replicatingServers: 5, totalServers: 5, percentUsed: 1.7, availableSlots: 295, regionalBreakdown: [{ region: 'us-east-1', totalServers: 5, replicatingServers: 5 }] }),
    account('555555555555', { accountType: 'staging', accessible: false, error: 'AssumeRole denied' }),
  ],
  recoveryCapacity: { currentServers: 290, maxRecoveryInstances: 4000, percentUsed: 7.3, availableSlots: 3710, status: 'OK' },
  concurrentJobs: { current: 3, max: 20, available: 17 },
  serversInJobs: { current: 120, max: 500, available: 380 },
  maxServersPerJob: { current: 60, max: 100, available: 40, jobId: 'drsjob-1', status: 'OK', message: '' },
  warnings: ['222222222222: A region holds 285 of 300 replicating servers: add a staging account before it is full.'],
  timestamp: '2026-12-03T08:00:00.000Z',
};

const SYNC: StagingAccountSyncStatus = {
  running: false,
  recentRuns: [
    {
      executionArn: 'arn:aws:states:us-east-1:111111111111:execution:staging-account-sync:run-1',
      status: 'PARTIAL',
      startedAt: '2026-12-03T07:55:00.000Z',
      endedAt: '2026-12-03T07:55:04.000Z',
      counts: { extensible: 8, extended: 6, notExtended: 2 },
      findings: [
        {
          kind: 'DEFAULT_EBS_KEY',
          accountId: '222222222222',
          region: 'us-east-1',
          stagingAccountId: '444444444444',
          sourceServerArn: 'arn:aws:drs:us-east-1:444444444444:source-server/s-1234567890abcdef0',
          hostname: 'analytics-app-01',
          message: 'default key',
          remedy: 'Use a customer managed KMS key shared with the target account.',
        },
      ],
    },
  ],
};

function rowsOf(name: RegExp = /^Accounts/): string[][] {
  return within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim()));
}

describe('Staging accounts & capacity page', () => {
  it('is the Estate section\'s Staging accounts entry, a built page', () => {
    expect(PAGES.find((p) => p.id === 'stagingAccounts')).toMatchObject({ path: '/estate/staging-accounts', nav: { section: 'Estate' }, page: { kind: 'module' } });
  });

  it('shows the gauges, the warnings and every account with its status, busiest region and error', async () => {
    const api = fakeFetch({ 'GET /api/accounts/capacity/all': CAPACITY, 'GET /api/staging-accounts/sync/status': SYNC });
    renderWithApp(<StagingAccountsPage />, { role: 'ReadOnly', fetch: api.fetch, path: '/estate/staging-accounts' });
    await screen.findByText('Analytics staging (444444444444)');
    const gauges = screen.getAllByRole('progressbar');
    expect(gauges.map((g) => g.getAttribute('value') ?? g.getAttribute('aria-valuenow'))).toEqual(['32', '15', '24']);
    expect(screen.getByText('290 of 900', { selector: '*' })).toBeTruthy();
    expect(screen.getByText(/add a staging account before it is full/)).toBeTruthy();
    const rows = rowsOf();
    expect(rows.map((r) => r[0])).toEqual(['Account 222222222222 (222222222222)', 'Analytics staging (444444444444)', 'Account 555555555555 (555555555555)']);
    expect(rows[0]!.slice(1, 6)).toEqual(['Target', 'HYPER-CRITICAL', '285', '285 of 300 (95%)', '290']);
    expect(rows[2]!.slice(1, 3)).toEqual(['Staging', 'Not readable']);
    expect(rows[2]![rows[2]!.length - 1]).toBe('AssumeRole denied');
    // The last run's findings, with their remedies.
    const findings = rowsOf(/Findings of the last staging-account sync/);
    expect(findings).toEqual([['DEFAULT_EBS_KEY', '222222222222 · us-east-1', '444444444444', 'analytics-app-01', 'Use a customer managed KMS key shared with the target account.']]);
  });
});
