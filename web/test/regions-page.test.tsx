import { act, screen, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrsRegionList, DrsRegionStatus } from '../src/api/types';
import { formatDateTime } from '../src/lib/format';
import { RegionsPage } from '../src/pages/Regions';
import { PAGES } from '../src/routes';
import { fakeFetch, renderWithApp } from './helpers';

afterEach(() => localStorage.clear());

const row = (region: string, fields: Partial<DrsRegionStatus> = {}): DrsRegionStatus => ({
  accountId: '222222222222',
  accountName: 'Production',
  region,
  registered: true,
  status: 'unknown',
  serverCount: null,
  initialized: null,
  lastChecked: null,
  lastError: null,
  ...fields,
});
const LIST: DrsRegionList = {
  regions: [
    row('us-east-1', { status: 'active', serverCount: 12, initialized: true, lastChecked: '2026-12-01T10:00:00Z' }),
    row('eu-west-1', { status: 'inactive', serverCount: 0, initialized: true, lastChecked: '2026-12-01T09:00:00Z' }),
    row('ap-south-1', { status: 'inactive', serverCount: 0, initialized: false, lastChecked: '2026-12-01T09:00:00Z' }),
    row('us-west-2', { status: 'inactive', serverCount: 0, initialized: true, lastChecked: '2026-12-01T09:30:00Z', lastError: { errorName: 'AccessDeniedError', message: 'denied', at: '2026-12-01T09:30:00Z' } }),
    row('sa-east-1', { registered: false }),
  ],
  summary: { accounts: 1, regions: 5, active: 1, inactive: 3, unknown: 1, serverCount: 12 },
};

function rowsOf(): string[][] {
  return within(screen.getByRole('table', { name: /Account regions/ }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim()));
}

describe('Regions page', () => {
  it('is the Estate section\'s Regions entry', () => {
    expect(PAGES.find((p) => p.id === 'regions')).toMatchObject({ path: '/estate/regions', nav: { section: 'Estate' }, page: { kind: 'module' } });
  });

  it('lists registered account regions, most servers first, with status, zoned last check and last error; "All DRS regions" shows the rest; the filter finds by text', async () => {
    renderWithApp(<RegionsPage />, { role: 'ReadOnly', fetch: fakeFetch({ 'GET /api/drs/regions': LIST }).fetch, path: '/estate/regions' });
    await screen.findByText('us-east-1');
    const rows = rowsOf();
    expect(rows.map((r) => r[1])).toEqual(['us-east-1', 'eu-west-1', 'ap-south-1', 'us-west-2']);
    expect(rows[0]).toEqual(['Production (222222222222)', 'us-east-1', 'Active', '12', formatDateTime('2026-12-01T10:00:00Z'), '-']);
    expect(rows.find((r) => r[1] === 'ap-south-1')![2]).toBe('DRS not initialized');
    expect(rows.find((r) => r[1] === 'us-west-2')!.slice(2)).toEqual(['Last scan failed', '0', formatDateTime('2026-12-01T09:30:00Z'), 'AccessDeniedError: denied']);
    expect(within(screen.getByRole('table', { name: /Account regions/ })).getByText(formatDateTime('2026-12-01T10:00:00Z')).tagName).toBe('TIME');
    expect(screen.getByText('Active regions').nextSibling?.textContent).toBe('1');

    const wrapper = createWrapper();
    await act(async () => wrapper.findSegmentedControl()!.findSegments()[1]!.click());
    expect(rowsOf().map((r) => r[1])).toContain('sa-east-1');
    expect(rowsOf().find((r) => r[1] === 'sa-east-1')![2]).toBe('Not scanned yet');

    await act(async () => wrapper.findTable()!.findTextFilter()!.findInput().setInputValue('AccessDenied'));
    expect(rowsOf().map((r) => r[1])).toEqual(['us-west-2']);
    expect(wrapper.findTable()!.findCollectionPreferences()).toBeTruthy();
  });
});
