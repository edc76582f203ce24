import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { TagSyncRun, TagSyncSettings, TagSyncStatus } from '../src/api/types';
import { formatDateTime } from '../src/lib/format';
import { parsePrefixes, prefixListError, TagSyncPage } from '../src/pages/TagSync';
import { PAGES } from '../src/routes';
import { disabledReasonOf, fakeFetch, renderWithApp } from './helpers';

afterEach(() => localStorage.clear());

const SETTINGS: TagSyncSettings = { enabled: true, includePrefixes: ['CostCenter', 'App'], excludePrefixes: ['Temp'], updatedAt: '2026-12-01T08:00:00Z', updatedBy: 'alice' };
const run = (startedAt: string, fields: Partial<TagSyncRun> = {}): TagSyncRun => ({
  executionArn: `arn:aws:states:us-east-1:111111111111:execution:tag-sync:${startedAt}`,
  status: 'SUCCEEDED',
  startedAt,
  endedAt: startedAt,
  durationMs: 4200,
  regionsScanned: 3,
  instancesProcessed: 12,
  counts: { serversChecked: 12, serversTagged: 5, serversUnchanged: 7 },
  ...fields,
});
const STATUS: TagSyncStatus = {
  settings: SETTINGS,
  running: false,
  recentRuns: [
    run('2026-12-01T10:00:00Z'),
    run('2026-12-01T09:00:00Z', {
      status: 'PARTIAL',
      counts: { serversChecked: 4, serversTagged: 1, serversUnchanged: 2 },
      errors: [{ accountId: '222222222222', region: 'eu-west-1', errorName: 'AccessDeniedError', message: 'not authorized to perform drs:TagResource' }],
      targets: [
        { accountId: '222222222222', region: 'us-east-1', status: 'SUCCEEDED', instancesProcessed: 4, recordsRemoved: 0, warnings: [], apiCalls: { drs: 2, ec2: 1 } },
        { accountId: '222222222222', region: 'eu-west-1', status: 'FAILED', instancesProcessed: 0, recordsRemoved: 0, warnings: [], errorName: 'AccessDeniedError', errorMessage: 'not authorized to perform drs:TagResource' },
      ],
    }),
  ],
};

function routes(settings: TagSyncSettings = SETTINGS) {
  return fakeFetch({
    'GET /api/config/tag-sync': settings,
    'GET /api/drs/tag-sync': { ...STATUS, settings },
    'PUT /api/config/tag-sync': (_url: URL, init?: RequestInit) =>
      new Response(JSON.stringify({ ...JSON.parse(String(init?.body)), updatedAt: '2026-12-02T08:00:00Z', updatedBy: 'tester' }), { status: 200 }),
    'POST /api/drs/tag-sync': () => new Response(JSON.stringify({ executionArn: 'arn:aws:states:us-east-1:111111111111:execution:tag-sync:now', startDate: '2026-12-02T09:00:00Z' }), { status: 202 }),
  });
}

function runRows(): string[][] {
  return within(screen.getByRole('table', { name: /Last runs/ }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim()).slice(1)); // the first cell is the row's radio
}

describe('Tag sync page', () => {
  it("is the Estate section's Tag sync entry", () => {
    expect(PAGES.find((p) => p.id === 'tagSync')).toMatchObject({ path: '/estate/tag-sync', title: 'Tag sync', nav: { section: 'Estate' }, page: { kind: 'module' } });
  });

  it('lists the last runs with their counts and errors, newest first', async () => {
    renderWithApp(<TagSyncPage />, { role: 'ReadOnly', fetch: routes().fetch, path: '/estate/tag-sync' });
    await screen.findByRole('table', { name: /Last runs/ });
    await waitFor(() => expect(runRows()).toHaveLength(2));
    expect(runRows()[0]).toEqual([formatDateTime('2026-12-01T10:00:00Z'), 'Succeeded', '4.2 s', '3', '12', '5', '7', '-']);
    expect(runRows()[1]).toEqual([
      formatDateTime('2026-12-01T09:00:00Z'),
      'Partially succeeded',
      '4.2 s',
      '3',
      '4',
      '1',
      '2',
      '1: 222222222222 eu-west-1 not authorized to perform drs:TagResource',
    ]);
    expect(screen.getByText('Servers tagged in the last run').nextSibling?.textContent).toBe('5');

    // A run's details: its errors and what each account-region did.
    await userEvent.click(screen.getByRole('radio', { name: `Select run started ${formatDateTime('2026-12-01T09:00:00Z')}` }));
    const results = screen.getByRole('table', { name: 'Per account and region results' });
    const cells = within(results).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td, th')].map((c) => (c.textContent ?? '').trim()));
    expect(cells).toEqual([
      ['222222222222', 'us-east-1', 'Succeeded', '4', 'drs 2, ec2 1', '-'],
      ['222222222222', 'eu-west-1', 'Failed', '0', '-', 'AccessDeniedError: not authorized to perform drs:TagResource'],
    ]);
    expect(within(results).queryByText('Removed')).toBeNull();
    expect(within(screen.getByRole('table', { name: 'Run errors' })).getByText('not authorized to perform drs:TagResource')).toBeTruthy();
  });

  it('lets an Admin change the settings: PUT /api/config/tag-sync with the form, then shows who changed them', async () => {
    const fake = routes();
    renderWithApp(<TagSyncPage />, { role: 'Admin', fetch: fake.fetch, path: '/estate/tag-sync' });
    const include = await screen.findByRole('textbox', { name: 'Include key prefixes' });
    expect(include).toHaveProperty('value', 'CostCenter, App');
    expect(screen.getByText(`Last changed ${formatDateTime('2026-12-01T08:00:00Z')} by alice.`)).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: /Copy EC2 instance tags/ }));
    await userEvent.clear(include);
    await userEvent.type(include, 'Owner,  Env ,');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/config/tag-sync');
    expect(JSON.parse(put!.body!)).toEqual({ enabled: false, includePrefixes: ['Owner', 'Env'], excludePrefixes: ['Temp'] });
    expect(await screen.findByText(`Last changed ${formatDateTime('2026-12-02T08:00:00Z')} by tester.`)).toBeTruthy();
  });

  it('refuses aws: prefixes before sending anything', async () => {
    const fake = routes();
    renderWithApp(<TagSyncPage />, { role: 'Admin', fetch: fake.fetch, path: '/estate/tag-sync' });
    const exclude = await screen.findByRole('textbox', { name: 'Exclude key prefixes' });
    await userEvent.type(exclude, ', aws:cloudformation');
    expect(screen.getAllByText('"aws:cloudformation": aws: tags are reserved by AWS and never copied.').length).toBeGreaterThan(0);
    const save = screen.getByRole('button', { name: 'Save settings' });
    expect(save.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(save);
    expect(fake.calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('shows an Operator the settings read-only with the reason, and lets them Sync now (POST /api/drs/tag-sync)', async () => {
    const fake = routes();
    renderWithApp(<TagSyncPage />, { role: 'Operator', fetch: fake.fetch, path: '/estate/tag-sync' });
    const include = await screen.findByRole('textbox', { name: 'Include key prefixes' });
    expect(include).toHaveProperty('disabled', true);
    expect(screen.getByRole('checkbox', { name: /Copy EC2 instance tags/ })).toHaveProperty('disabled', true);
    expect(disabledReasonOf(screen.getByRole('button', { name: 'Save settings' }))).toBe('Requires Admin; your role is Operator.');
    expect(screen.getByText('Read only: Requires Admin; your role is Operator.')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await screen.findByText('Tag sync started');
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/drs/tag-sync']);
    expect(screen.getByText(`Started at ${formatDateTime('2026-12-02T09:00:00Z')}. Its run appears below when it has begun.`)).toBeTruthy();
  });

  it('warns that a run ends at once while tag sync is disabled', async () => {
    renderWithApp(<TagSyncPage />, { role: 'Operator', fetch: routes({ enabled: false, includePrefixes: [], excludePrefixes: [] }).fetch, path: '/estate/tag-sync' });
    expect(await screen.findByText('Never changed: tag sync is off until an Admin enables it.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText(`Started at ${formatDateTime('2026-12-02T09:00:00Z')}. Tag sync is disabled, so the run ends at once without reading or writing tags.`)).toBeTruthy();
  });

  it('keeps Sync now from a ReadOnly user, with the reason', async () => {
    renderWithApp(<TagSyncPage />, { role: 'ReadOnly', fetch: routes().fetch, path: '/estate/tag-sync' });
    await screen.findByRole('textbox', { name: 'Include key prefixes' });
    expect(disabledReasonOf(screen.getByRole('button', { name: 'Sync now' }))).toBe('Requires Operator; your role is ReadOnly.');
  });
});

describe('tag prefix lists', () => {
  it('are split on commas and lines, and checked as the API checks them', () => {
    expect(parsePrefixes(' a, b ,\nc,,')).toEqual(['a', 'b', 'c']);
    expect(prefixListError(['AWS:x'])).toContain('reserved');
    expect(prefixListError(['a', 'a'])).toBe('"a" is listed twice.');
    expect(prefixListError(['x'.repeat(129)])).toContain('longer than 128');
    expect(prefixListError(Array.from({ length: 51 }, (_, i) => `p${i}`))).toBe('At most 50 prefixes.');
    expect(prefixListError(['CostCenter'])).toBeUndefined();
  });
});
