import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { describe, expect, it } from 'vitest';
import { Route, Routes, useLocation } from 'react-router-dom';
import type { SyncRun, SyncStatus, TargetAccount, TargetAccountInput, TargetAccountValidation } from '../src/api/types';
import { formatDateTime } from '../src/lib/format';
import { DRS_REGIONS } from '../src/lib/regions';
import { executionHistoryCommand, SfnExecutionPage } from '../src/pages/SfnExecution';
import { SyncStatusPage } from '../src/pages/SyncStatus';
import { TargetAccountsPage } from '../src/pages/TargetAccounts';
import { COGNITO_CONFIG } from './cognito-fixtures';
import { disabledReasonOf, fakeFetch, renderWithApp } from './helpers';

/** The texts of a table's body rows, one array of cell texts per row (the selection cell left out). */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('td, th')].filter((cell) => !cell.querySelector('input')).map((cell) => (cell.textContent ?? '').trim()));
}

/** The Cloudscape container whose header text matches. */
function containerTitled(title: RegExp) {
  const found = createWrapper()
    .findAllContainers()
    .find((c) => title.test(c.findHeader()?.getElement().textContent ?? ''));
  if (!found) throw new Error(`no container titled ${title}`);
  return found;
}

// ---------------------------------------------------------------- Target accounts

const HUB: TargetAccount = {
  accountId: '111111111111',
  name: 'Hub',
  roleArn: null,
  externalIdMasked: null,
  regions: ['us-east-1'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastValidation: null,
};
const PROD: TargetAccount = {
  accountId: '222222222222',
  name: 'Production',
  roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget',
  externalIdMasked: '****9f3a',
  regions: ['us-east-1', 'us-west-2'],
  createdAt: '2026-01-02T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  lastValidation: { status: 'OK', checkedAt: '2026-01-03T04:05:06Z', message: 'AssumeRole OK; DRS reachable in 2 region(s).' },
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * The target-account routes over an in-memory table, as the API answers them
 * (201 on create, 204 on delete, the masked ExternalId, lastValidation recorded).
 * `overrides` replace a route, e.g. to answer a 400.
 */
/** GET /accounts/current: the hub is 111111111111. */
const CURRENT = { accountId: '111111111111', accountName: 'Hub', isCurrentAccount: true, region: 'us-east-1', stepFunctionsEndpoint: 'http://127.0.0.1:18083' };

function accountsApi(overrides: Record<string, unknown> = {}, validations: Record<string, TargetAccountValidation> = {}) {
  const table = new Map([HUB, PROD].map((a) => [a.accountId, structuredClone(a)]));
  const mask = (externalId: string | null | undefined) => (externalId ? (externalId.length >= 12 ? `****${externalId.slice(-4)}` : '****') : null);
  const fake = fakeFetch({
    'GET /api/accounts/targets': () => json({ items: [...table.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)) }),
    'GET /api/accounts/current': () => json(CURRENT),
    'POST /api/accounts/targets': (_url: URL, init?: RequestInit) => {
      const input = JSON.parse(String(init?.body)) as Required<TargetAccountInput>;
      const at = '2026-02-01T10:00:00Z';
      const created: TargetAccount = { accountId: input.accountId, name: input.name, roleArn: input.roleArn, externalIdMasked: mask(input.externalId), regions: input.regions, createdAt: at, updatedAt: at, lastValidation: null };
      table.set(created.accountId, created);
      return json(created, 201);
    },
    'PUT /api/accounts/targets/222222222222': (_url: URL, init?: RequestInit) => {
      const input = JSON.parse(String(init?.body)) as TargetAccountInput;
      const current = table.get('222222222222')!;
      const externalIdMasked = input.externalId === undefined ? current.externalIdMasked : mask(input.externalId);
      // A change of access clears the last validation.
      const accessChanged = input.roleArn !== current.roleArn || input.externalId !== undefined || JSON.stringify(input.regions) !== JSON.stringify(current.regions);
      const updated: TargetAccount = {
        ...current,
        name: input.name,
        roleArn: input.roleArn,
        regions: input.regions,
        externalIdMasked,
        updatedAt: '2026-02-01T11:00:00Z',
        lastValidation: accessChanged ? null : current.lastValidation,
      };
      table.set(updated.accountId, updated);
      return json(updated);
    },
    'DELETE /api/accounts/targets/222222222222': () => {
      table.delete('222222222222');
      return new Response(null, { status: 204 });
    },
    'POST /api/accounts/targets/222222222222/validate': () => {
      const result = validations['222222222222']!;
      const failures = [...(result.assumeRole.status === 'FAILED' ? [`AssumeRole: ${result.assumeRole.message}`] : []), ...result.regions.filter((r) => r.status === 'FAILED').map((r) => `${r.region}: ${r.message}`)];
      table.set('222222222222', {
        ...table.get('222222222222')!,
        lastValidation: { status: result.status, checkedAt: result.checkedAt, message: result.status === 'OK' ? 'AssumeRole OK; DRS reachable in 2 region(s).' : failures.join(' | ') },
      });
      return json(result);
    },
    ...overrides,
  });
  return fake;
}

const accountsTable = () => screen.getByRole('table', { name: /Accounts/ });
const accountRow = (accountId: string) => rowsOf(accountsTable()).find((cells) => cells[0] === accountId);
const bodyOf = (call: { body?: string } | undefined) => (call?.body === undefined ? undefined : JSON.parse(call.body));
type Call = ReturnType<typeof fakeFetch>['calls'][number];
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

async function openPage(fake: ReturnType<typeof fakeFetch>) {
  renderWithApp(<TargetAccountsPage />, { role: 'Admin', fetch: fake.fetch, path: '/settings/target-accounts' });
  await screen.findByText('Production');
}

async function select(accountId: string) {
  await userEvent.click(screen.getByRole('radio', { name: `Select account ${accountId}` }));
}

/** The add/edit dialog's fields, found by their labels. */
function form(dialog: HTMLElement) {
  const input = (label: string) => within(dialog).getByLabelText(label, { selector: 'input:not([type="checkbox"])' }) as HTMLInputElement;
  return {
    accountId: () => input('Account ID'),
    name: () => input('Name'),
    roleArn: () => input('Role ARN'),
    externalId: () => input('External ID'),
    regions: () => createWrapper(dialog).findMultiselect()!,
    /** The regions as the tokens under the picker read. */
    regionTokens: () => createWrapper(dialog).findMultiselect()!.findTokens().map((t) => t.getElement().textContent),
  };
}

async function typeInto(element: HTMLInputElement, text: string) {
  await userEvent.clear(element);
  await userEvent.type(element, text);
}

async function pickRegions(dialog: HTMLElement, regions: string[]) {
  const picker = form(dialog).regions();
  // The dropdown stays open while options are picked.
  picker.openDropdown();
  for (const region of regions) picker.selectOptionByValue(region);
  // Close the dropdown, as a click elsewhere would.
  await userEvent.keyboard('{Escape}');
}

describe('Target accounts (Settings), as an Admin', () => {
  it('lists each account with its id, name, role ARN, masked external ID, regions and last validation', async () => {
    const fake = accountsApi();
    await openPage(fake);
    expect(rowsOf(accountsTable())).toEqual([
      ['111111111111', 'Hub', 'none (hub account)', '-', 'us-east-1', 'Never validated'],
      ['222222222222', 'Production', 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget', '****9f3a', 'us-east-1, us-west-2', `Passed ${formatDateTime('2026-01-03T04:05:06Z')}`],
    ]);
    // The validation's message is on hover.
    expect(within(accountsTable()).getByTitle('AssumeRole OK; DRS reachable in 2 region(s).')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Accounts\s*\(2\)/ })).toBeTruthy();
    expect(fake.calls.map((c) => `${c.method} ${c.url}`).sort()).toEqual(['GET /api/accounts/current', 'GET /api/accounts/targets']);
  });

  it('Add: POSTs exactly what was entered, then lists the new account', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Add target account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add target account' });
    const f = form(dialog);
    await typeInto(f.accountId(), '333333333333');
    await typeInto(f.name(), 'DR West');
    await typeInto(f.roleArn(), 'arn:aws:iam::333333333333:role/DrsOrchestratorTarget');
    await typeInto(f.externalId(), 'drs-orchestrator-7c1e');
    await pickRegions(dialog, ['us-west-2', 'eu-west-1']);
    expect(f.regionTokens()).toEqual(['us-west-2', 'eu-west-1']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));

    await screen.findByText('Added target account 333333333333 (DR West).');
    const posts = fake.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.url)).toEqual(['/api/accounts/targets']);
    expect(bodyOf(posts[0])).toEqual({
      accountId: '333333333333',
      name: 'DR West',
      roleArn: 'arn:aws:iam::333333333333:role/DrsOrchestratorTarget',
      externalId: 'drs-orchestrator-7c1e',
      regions: ['us-west-2', 'eu-west-1'],
    });
    expect(screen.queryByRole('dialog', { name: 'Add target account' })).toBeNull();
    await waitFor(() =>
      expect(accountRow('333333333333')).toEqual(['333333333333', 'DR West', 'arn:aws:iam::333333333333:role/DrsOrchestratorTarget', '****7c1e', 'us-west-2, eu-west-1', 'Never validated']),
    );
    expect(rowsOf(accountsTable()).map((cells) => cells[0])).toEqual(['111111111111', '222222222222', '333333333333']);
    // The new account is selected, ready to validate.
    expect((screen.getByRole('radio', { name: 'Select account 333333333333' }) as HTMLInputElement).checked).toBe(true);
  }, 40_000);

  it('Add: "All DRS regions" registers the account in every DRS region, sent as the plain regions list', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Add target account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add target account' });
    const f = form(dialog);
    await typeInto(f.accountId(), '333333333333');
    await typeInto(f.name(), 'DR everywhere');
    await typeInto(f.roleArn(), 'arn:aws:iam::333333333333:role/DrsOrchestratorTarget');
    await typeInto(f.externalId(), 'drs-orchestrator-7c1e');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /All DRS regions \(28\)/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    await screen.findByText('Added target account 333333333333 (DR everywhere).');
    expect(bodyOf(fake.calls.find((c) => c.method === 'POST')).regions).toEqual([...DRS_REGIONS]);
  }, 40_000);

  it('Add: a 400 with schema errors shows them in the form and keeps what was typed', async () => {
    const refusal = {
      message: 'Invalid request: /body/roleArn may be null only for the hub account 111111111111; other accounts need a role to assume',
      errors: [
        { path: '/body/roleArn', message: 'may be null only for the hub account 111111111111; other accounts need a role to assume' },
        { path: '/body/regions/1', message: 'must be a region where DRS is available' },
      ],
    };
    const fake = accountsApi({ 'POST /api/accounts/targets': () => json(refusal, 400) });
    await openPage(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Add target account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add target account' });
    const f = form(dialog);
    await typeInto(f.accountId(), '444444444444');
    await typeInto(f.name(), 'Staging');
    await userEvent.clear(f.externalId()); // no role, so no external ID
    await pickRegions(dialog, ['eu-central-1', 'il-central-1']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));

    const alert = await within(dialog).findByText('The request was refused');
    const alertText = createWrapper(dialog).findAlert()!.getElement().textContent ?? '';
    expect(alert).toBeTruthy();
    expect(alertText).toContain('/body/roleArn: may be null only for the hub account 111111111111; other accounts need a role to assume');
    expect(alertText).toContain('/body/regions/1: must be a region where DRS is available');
    // Still open, with everything as typed, ready to correct and send again.
    expect(screen.getByRole('dialog', { name: 'Add target account' })).toBe(dialog);
    expect(f.accountId().value).toBe('444444444444');
    expect(f.name().value).toBe('Staging');
    expect(f.roleArn().value).toBe('');
    expect(f.regionTokens()).toEqual(['eu-central-1', 'il-central-1']);
    expect(bodyOf(fake.calls.find((c) => c.method === 'POST'))).toEqual({ accountId: '444444444444', name: 'Staging', roleArn: null, externalId: null, regions: ['eu-central-1', 'il-central-1'] });
    // Nothing was added.
    expect(screen.queryByText(/Added target account/)).toBeNull();
    expect(accountRow('444444444444')).toBeUndefined();
  }, 40_000);

  it('Add: offers a random external ID of 32 hex digits, a new one on Generate, and refuses one shorter than 16 characters', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Add target account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add target account' });
    const f = form(dialog);
    const offered = f.externalId().value;
    expect(offered).toMatch(/^[0-9a-f]{32}$/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(f.externalId().value).toMatch(/^[0-9a-f]{32}$/);
    expect(f.externalId().value).not.toBe(offered);

    await typeInto(f.accountId(), '333333333333');
    await typeInto(f.name(), 'DR West');
    await typeInto(f.roleArn(), 'arn:aws:iam::333333333333:role/DrsOrchestratorTarget');
    await typeInto(f.externalId(), 'too-short-id');
    await pickRegions(dialog, ['us-west-2']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    const field = createWrapper(dialog).findAllFormFields().find((x) => x.findLabel()?.getElement().textContent === 'External ID')!;
    expect(field.findError()?.getElement().textContent).toBe('At least 16 characters; Generate makes one.');
    expect(writes(fake.calls)).toEqual([]);
  }, 40_000);

  it('Remove: the hub account cannot be removed, and says why', async () => {
    await openPage(accountsApi());
    await select('111111111111');
    const remove = () => screen.getByRole('button', { name: 'Remove' });
    await waitFor(() => expect(disabledReasonOf(remove())).toBe('This is the hub account, where the orchestrator runs; it cannot be removed.'));
    expect(remove().getAttribute('aria-disabled')).toBe('true');
    await select('222222222222');
    expect(remove().getAttribute('aria-disabled')).toBeNull();
  });

  it('Add: a role in another account is refused at its field, and nothing is sent', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Add target account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add target account' });
    const f = form(dialog);
    await typeInto(f.accountId(), '333333333333');
    await typeInto(f.name(), 'DR West');
    await typeInto(f.roleArn(), 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget');
    await pickRegions(dialog, ['us-west-2']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    const field = (label: string) => createWrapper(dialog).findAllFormFields().find((f) => f.findLabel()?.getElement().textContent === label)!;
    expect(field('Role ARN').findError()?.getElement().textContent).toBe('The role must be in the same account.');
    expect(field('Account ID').findError()).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Add target account' })).toBe(dialog);
    expect(writes(fake.calls)).toEqual([]);
  });

  it('Edit: PUTs the changes to the account, without its id in the body, keeping the stored external ID', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit target account 222222222222' });
    const f = form(dialog);
    // Filled in with the account as it is; the id cannot change.
    expect(f.accountId().value).toBe('222222222222');
    expect(f.accountId().disabled).toBe(true);
    expect(f.name().value).toBe('Production');
    expect(f.roleArn().value).toBe('arn:aws:iam::222222222222:role/DrsOrchestratorTarget');
    expect(f.externalId().value).toBe('');
    expect(f.regionTokens()).toEqual(['us-east-1', 'us-west-2']);

    await typeInto(f.name(), 'Production (EU)');
    await typeInto(f.roleArn(), 'arn:aws:iam::222222222222:role/DrsOrchestratorTargetV2');
    f.regions().findToken(1)!.findDismiss().click(); // remove us-east-1
    await pickRegions(dialog, ['eu-west-1']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await screen.findByText('Saved target account 222222222222 (Production (EU)).');
    expect(writes(fake.calls).map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /api/accounts/targets/222222222222']);
    expect(bodyOf(writes(fake.calls)[0])).toEqual({ name: 'Production (EU)', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTargetV2', regions: ['us-west-2', 'eu-west-1'] });
    await waitFor(() =>
      expect(accountRow('222222222222')).toEqual(['222222222222', 'Production (EU)', 'arn:aws:iam::222222222222:role/DrsOrchestratorTargetV2', '****9f3a', 'us-west-2, eu-west-1', 'Never validated']),
    );
  });

  it('Edit: a new external ID is sent, and "Clear the stored external ID" sends null', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    let dialog = await screen.findByRole('dialog', { name: 'Edit target account 222222222222' });
    await typeInto(form(dialog).externalId(), 'rotated-external-id-0042');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved target account 222222222222 (Production).');
    expect(bodyOf(writes(fake.calls)[0])).toEqual({ name: 'Production', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget', regions: ['us-east-1', 'us-west-2'], externalId: 'rotated-external-id-0042' });
    await waitFor(() => expect(accountRow('222222222222')?.[3]).toBe('****0042'));

    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    dialog = await screen.findByRole('dialog', { name: 'Edit target account 222222222222' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Clear the stored external ID/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(fake.calls)).toHaveLength(2));
    expect(bodyOf(writes(fake.calls)[1])).toEqual({ name: 'Production', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget', regions: ['us-east-1', 'us-west-2'], externalId: null });
    await waitFor(() => expect(accountRow('222222222222')?.[3]).toBe('-'));
  });

  it('Validate: POSTs to the validate route and shows a passed check, region by region', async () => {
    const ok: TargetAccountValidation = {
      accountId: '222222222222',
      status: 'OK',
      checkedAt: '2026-02-01T12:00:00Z',
      assumeRole: { status: 'OK', message: 'Assumed arn:aws:iam::222222222222:role/DrsOrchestratorTarget.' },
      regions: [
        { region: 'us-east-1', status: 'OK', message: 'DRS answered DescribeSourceServers.' },
        { region: 'us-west-2', status: 'OK', message: 'DRS answered DescribeSourceServers.' },
      ],
    };
    const fake = accountsApi({}, { '222222222222': ok });
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));

    await screen.findByRole('heading', { name: /Validation of 222222222222: Passed/ });
    expect(writes(fake.calls).map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/accounts/targets/222222222222/validate']);
    const assume = createWrapper(containerTitled(/^Validation of 222222222222/).getElement()).findAlert()!;
    expect(assume.findHeader()!.getElement().textContent).toBe('Assume role: Passed');
    expect(assume.findContent().getElement().textContent).toBe('Assumed arn:aws:iam::222222222222:role/DrsOrchestratorTarget.');
    expect(assume.getElement().outerHTML).toMatch(/type-success/);
    expect(rowsOf(screen.getByRole('table', { name: 'Per-region validation results' }))).toEqual([
      ['us-east-1', 'Passed', 'DRS answered DescribeSourceServers.'],
      ['us-west-2', 'Passed', 'DRS answered DescribeSourceServers.'],
    ]);
    // The list shows the validation the API recorded.
    await waitFor(() => expect(accountRow('222222222222')?.[5]).toBe(`Passed ${formatDateTime('2026-02-01T12:00:00Z')}`));
  });

  it('Validate: a failed AssumeRole (AccessDenied, ExternalId mismatch) shows its reason, and the regions as not checked', async () => {
    const denied =
      'User: arn:aws:sts::111111111111:assumed-role/DrsOrchestratorApi/api is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/DrsOrchestratorTarget. ' +
      "Remedy: the role's trust policy must allow sts:AssumeRole by the orchestrator's role in the hub account with a matching sts:ExternalId condition, and the hub role must be allowed to assume it.";
    const failed: TargetAccountValidation = {
      accountId: '222222222222',
      status: 'FAILED',
      checkedAt: '2026-02-01T12:30:00Z',
      assumeRole: { status: 'FAILED', message: denied },
      regions: [
        { region: 'us-east-1', status: 'SKIPPED', message: 'Not checked: AssumeRole failed.' },
        { region: 'us-west-2', status: 'SKIPPED', message: 'Not checked: AssumeRole failed.' },
      ],
    };
    const fake = accountsApi({}, { '222222222222': failed });
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));

    await screen.findByRole('heading', { name: /Validation of 222222222222: Failed/ });
    expect(writes(fake.calls).map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/accounts/targets/222222222222/validate']);
    const assume = createWrapper(containerTitled(/^Validation of 222222222222/).getElement()).findAlert()!;
    expect(assume.findHeader()!.getElement().textContent).toBe('Assume role: Failed');
    expect(assume.findContent().getElement().textContent).toBe(denied);
    expect(assume.getElement().outerHTML).toMatch(/type-error/);
    expect(rowsOf(screen.getByRole('table', { name: 'Per-region validation results' }))).toEqual([
      ['us-east-1', 'Skipped', 'Not checked: AssumeRole failed.'],
      ['us-west-2', 'Skipped', 'Not checked: AssumeRole failed.'],
    ]);
    await waitFor(() => expect(accountRow('222222222222')?.[5]).toBe(`Failed ${formatDateTime('2026-02-01T12:30:00Z')}`));
    expect(within(accountsTable()).getByTitle(`AssumeRole: ${denied}`)).toBeTruthy();
  });

  it('Validate: a region DRS refuses is shown failed with its reason', async () => {
    const failed: TargetAccountValidation = {
      accountId: '222222222222',
      status: 'FAILED',
      checkedAt: '2026-02-01T12:45:00Z',
      assumeRole: { status: 'OK', message: 'Assumed arn:aws:iam::222222222222:role/DrsOrchestratorTarget.' },
      regions: [
        { region: 'us-east-1', status: 'OK', message: 'DRS answered DescribeSourceServers.' },
        { region: 'us-west-2', status: 'FAILED', message: 'DescribeSourceServers in us-west-2: UninitializedAccountException. Remedy: initialize Elastic Disaster Recovery in us-west-2 (DRS console, or drs:InitializeService).' },
      ],
    };
    await openPage(accountsApi({}, { '222222222222': failed }));
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
    await screen.findByRole('heading', { name: /Validation of 222222222222: Failed/ });
    expect(createWrapper(containerTitled(/^Validation of 222222222222/).getElement()).findAlert()!.findHeader()!.getElement().textContent).toBe('Assume role: Passed');
    expect(rowsOf(screen.getByRole('table', { name: 'Per-region validation results' }))).toEqual([
      ['us-east-1', 'Passed', 'DRS answered DescribeSourceServers.'],
      ['us-west-2', 'Failed', 'DescribeSourceServers in us-west-2: UninitializedAccountException. Remedy: initialize Elastic Disaster Recovery in us-west-2 (DRS console, or drs:InitializeService).'],
    ]);
  });

  it('Remove: asks first, then DELETEs, and the row is gone', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove target account' });
    expect(dialog.textContent).toContain('Remove Production (222222222222)?');
    expect(writes(fake.calls)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    await screen.findByText('Removed target account 222222222222.');
    expect(writes(fake.calls).map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/accounts/targets/222222222222']);
    await waitFor(() => expect(accountRow('222222222222')).toBeUndefined());
    expect(rowsOf(accountsTable()).map((cells) => cells[0])).toEqual(['111111111111']);
    expect(screen.queryByRole('dialog', { name: 'Remove target account' })).toBeNull();
  });

  it('Remove: cancelling the confirmation sends nothing and keeps the row', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    let dialog = await screen.findByRole('dialog', { name: 'Remove target account' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Remove target account' })).toBeNull());
    // Closing it with its X is a cancel too.
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove target account' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Remove target account' })).toBeNull());

    expect(writes(fake.calls)).toEqual([]);
    expect(accountRow('222222222222')?.[1]).toBe('Production');
    expect(screen.queryByText(/Removed target account/)).toBeNull();
  });

  it('Edit: clearing the stored external ID saves, whatever the disabled field still holds', async () => {
    const fake = accountsApi();
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit target account 222222222222' });
    await typeInto(form(dialog).externalId(), 'x');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Clear the stored external ID/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved target account 222222222222 (Production).');
    expect(bodyOf(writes(fake.calls)[0])).toMatchObject({ externalId: null });
  });

  it('drops a validation result once the account is edited or removed: it no longer describes the account', async () => {
    const ok: TargetAccountValidation = {
      accountId: '222222222222',
      status: 'OK',
      checkedAt: '2026-02-01T12:00:00Z',
      assumeRole: { status: 'OK', message: 'Assumed arn:aws:iam::222222222222:role/DrsOrchestratorTarget.' },
      regions: [{ region: 'us-east-1', status: 'OK', message: 'DRS answered DescribeSourceServers.' }],
    };
    const fake = accountsApi({}, { '222222222222': ok });
    await openPage(fake);
    await select('222222222222');
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
    await screen.findByRole('heading', { name: /Validation of 222222222222: Passed/ });

    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit target account 222222222222' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved target account 222222222222 (Production).');
    expect(screen.queryByRole('heading', { name: /Validation of 222222222222/ })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
    await screen.findByRole('heading', { name: /Validation of 222222222222: Passed/ });
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    const confirm = await screen.findByRole('dialog', { name: 'Remove target account' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await screen.findByText('Removed target account 222222222222.');
    expect(screen.queryByRole('heading', { name: /Validation of 222222222222/ })).toBeNull();
  });
});

// ---------------------------------------------------------------- Sync status

const ARN = (name: string, region = 'eu-west-1') => `arn:aws:states:${region}:111111111111:execution:recovery-instance-sync:${name}`;

/** Three finished runs, newest first, timed from now (so "4 min ago" holds whenever the test runs). */
function finishedRuns() {
  const now = Date.now();
  const startedAgo = (seconds: number) => new Date(now - seconds * 1000).toISOString();
  const endedAgo = (seconds: number, durationMs: number) => new Date(now - seconds * 1000 + durationMs).toISOString();
    const succeeded: SyncRun = {
    executionArn: ARN('sched-0930'),
    status: 'SUCCEEDED',
    startedAt: startedAgo(300),
    endedAt: endedAgo(300, 42_300), // 4 min 17.7 s ago
    durationMs: 42_300,
    instancesProcessed: 120,
    regionsScanned: 4,
    recordsRemoved: 3,
    targets: [
      { accountId: '111111111111', region: 'us-east-1', status: 'SUCCEEDED', instancesProcessed: 70, recordsRemoved: 3, apiCalls: { DescribeRecoveryInstances: 2, DescribeInstances: 1 }, warnings: [] },
      { accountId: '222222222222', region: 'us-west-2', status: 'SUCCEEDED', instancesProcessed: 50, recordsRemoved: 0, warnings: [] },
    ],
    errors: [],
  };
  const partial: SyncRun = {
    executionArn: ARN('sched-0925'),
    status: 'PARTIAL',
    startedAt: startedAgo(600),
    endedAt: endedAgo(600, 95_000),
    durationMs: 95_000,
    instancesProcessed: 80,
    regionsScanned: 4,
    recordsRemoved: 0,
    targets: [
      { accountId: '111111111111', region: 'us-east-1', status: 'SUCCEEDED', instancesProcessed: 80, recordsRemoved: 0, warnings: ['2 source servers have no recovery instance'] },
      {
        accountId: '222222222222',
        region: 'us-west-2',
        status: 'FAILED',
        instancesProcessed: 0,
        recordsRemoved: 0,
        warnings: [],
        errorName: 'AccessDeniedError',
        errorMessage: 'User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/DrsOrchestratorTarget',
      },
    ],
    errors: [
      { accountId: '222222222222', region: 'us-west-2', errorName: 'AccessDeniedError', message: 'User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/DrsOrchestratorTarget' },
      { accountId: '333333333333', region: 'eu-west-1', errorName: 'ThrottlingError', message: 'Rate exceeded (DescribeRecoveryInstances), after 6 attempts' },
    ],
  };
  const failed: SyncRun = {
    executionArn: ARN('sched-0920'),
    status: 'FAILED',
    startedAt: startedAgo(870),
    endedAt: endedAgo(870, 800), // 14 min 29.2 s ago
    durationMs: 800,
    instancesProcessed: 0,
    regionsScanned: 0,
    recordsRemoved: 0,
    targets: [],
    errors: [{ errorName: 'States.TaskFailed', message: 'ListSyncTargets: the target accounts table could not be read' }],
  };
  return { succeeded, partial, failed };
}

const statusOf = (runs: SyncRun[], running = runs[0]?.status === 'RUNNING'): SyncStatus => ({
  lastRun: runs[0] ?? null,
  lastCompletedRun: runs.find((r) => r.status !== 'RUNNING') ?? null,
  running,
  recentRuns: runs,
});

function LocationProbe() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

const runsTable = () => screen.getByRole('table', { name: /Recent runs/ });
const runRows = () => rowsOf(runsTable());
async function openSyncStatus(status: SyncStatus, config?: typeof COGNITO_CONFIG) {
  const fake = fakeFetch({ 'GET /api/drs/recovery-instance-sync/status': status });
  renderWithApp(
    <>
      <SyncStatusPage />
      <LocationProbe />
    </>,
    { role: 'ReadOnly', fetch: fake.fetch, path: '/sync-status', config },
  );
  await waitFor(() => expect(runRows().length).toBe(status.recentRuns.length));
  return fake;
}
/** The value under a key label of the summary, e.g. "Instances processed". */
function summaryValue(label: string): string {
  const key = screen.getAllByText(label).find((el) => !el.closest('table'))!;
  return key.nextElementSibling?.textContent ?? key.parentElement!.nextElementSibling!.textContent ?? '';
}

describe('Sync status', () => {
  it('lists the last runs of recovery-instance-sync with status, start, duration, counts, errors and execution', async () => {
    const { succeeded, partial, failed } = finishedRuns();
    const fake = await openSyncStatus(statusOf([succeeded, partial, failed]));
    expect(fake.calls[0]!.url).toBe('/api/drs/recovery-instance-sync/status?limit=20');
    expect(runRows()).toEqual([
      ['Succeeded', formatDateTime(succeeded.startedAt), '42.3 s', '120', '4', '3', '0', 'sched-0930'],
      ['Partially succeeded', formatDateTime(partial.startedAt), '1 min 35 s', '80', '4', '0', '2', 'sched-0925'],
      ['Failed', formatDateTime(failed.startedAt), '800 ms', '0', '0', '0', '1', 'sched-0920'],
    ]);
    expect(screen.getByRole('heading', { name: /Recent runs\s*\(3\)/ })).toBeTruthy();
    // The summary is of the last completed run.
    expect(summaryValue('Now')).toBe('Idle');
    expect(summaryValue('Last completed run')).toBe('Succeeded 4 min ago');
    expect(summaryValue('Instances processed')).toBe('120');
    expect(summaryValue('Duration')).toBe('42.3 s');
  });

  it("shows a PARTIAL run's errors per account and region, and its account-region results", async () => {
    const { succeeded, partial, failed } = finishedRuns();
    await openSyncStatus(statusOf([succeeded, partial, failed]));
    // The newest run is shown first: no errors.
    expect(rowsOf(screen.getByRole('table', { name: 'Run errors' }))).toEqual([['No errors.']]);
    await userEvent.click(screen.getByRole('radio', { name: `Select run started ${formatDateTime(partial.startedAt)}` }));

    expect(containerTitled(/^Run details/).findHeader()!.getElement().textContent).toContain(partial.executionArn);
    expect(rowsOf(screen.getByRole('table', { name: 'Run errors' }))).toEqual([
      ['222222222222', 'us-west-2', 'AccessDeniedError', 'User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/DrsOrchestratorTarget'],
      ['333333333333', 'eu-west-1', 'ThrottlingError', 'Rate exceeded (DescribeRecoveryInstances), after 6 attempts'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Per account and region results' }))).toEqual([
      ['111111111111', 'us-east-1', 'Succeeded', '80', '0', '-', '2 source servers have no recovery instance'],
      ['222222222222', 'us-west-2', 'Failed', '0', '0', '-', 'AccessDeniedError: User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/DrsOrchestratorTarget'],
    ]);
  });

  it("shows a FAILED run's error, with no account or region when the run failed as a whole", async () => {
    const { succeeded, failed } = finishedRuns();
    await openSyncStatus(statusOf([failed, succeeded]));
    expect(rowsOf(screen.getByRole('table', { name: 'Run errors' }))).toEqual([['-', '-', 'States.TaskFailed', 'ListSyncTargets: the target accounts table could not be read']]);
    expect(rowsOf(screen.getByRole('table', { name: 'Per account and region results' }))).toEqual([['No account-region results.']]);
    expect(summaryValue('Last completed run')).toBe('Failed 14 min ago');
  });

  it('links each execution to the local Step Functions view, and following it goes there', async () => {
    const { succeeded, partial } = finishedRuns();
    await openSyncStatus(statusOf([succeeded, partial]));
    const link = within(runsTable()).getByRole('link', { name: 'Execution sched-0925' });
    expect(link.getAttribute('href')).toBe(`/executions/sfn/${encodeURIComponent(partial.executionArn)}`);
    expect(link.getAttribute('href')).toBe('/executions/sfn/arn%3Aaws%3Astates%3Aeu-west-1%3A111111111111%3Aexecution%3Arecovery-instance-sync%3Asched-0925');
    expect(link.getAttribute('target')).toBeNull();
    await userEvent.click(link);
    expect(screen.getByTestId('location').textContent).toBe(`/executions/sfn/${encodeURIComponent(partial.executionArn)}`);
  });

  it("in cognito mode links each execution to the Step Functions console of the ARN's region", async () => {
    const { succeeded, partial } = finishedRuns();
    // The console runs in eu-west-1; this execution ran in us-east-2.
    const east = { ...partial, executionArn: ARN('sched-0925', 'us-east-2') };
    await openSyncStatus(statusOf([succeeded, east]), COGNITO_CONFIG);
    const link = within(runsTable()).getByRole('link', { name: /Execution sched-0925 in the Step Functions console/ });
    expect(link.getAttribute('href')).toBe(
      'https://us-east-2.console.aws.amazon.com/states/home?region=us-east-2#/v2/executions/details/arn:aws:states:us-east-2:111111111111:execution:recovery-instance-sync:sched-0925',
    );
    expect(link.getAttribute('target')).toBe('_blank');
    const other = within(runsTable()).getByRole('link', { name: /Execution sched-0930 in the Step Functions console/ });
    expect(other.getAttribute('href')).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${succeeded.executionArn}`);
    await userEvent.click(link);
    expect(screen.getByTestId('location').textContent).toBe('/sync-status');
  });

  it('shows a running sync as running', async () => {
    const { succeeded } = finishedRuns();
    const running: SyncRun = { executionArn: ARN('manual-0935'), status: 'RUNNING', startedAt: new Date(Date.now() - 95_000).toISOString() };
    await openSyncStatus(statusOf([running, succeeded]));
    expect(runRows()[0]).toEqual(['Running', formatDateTime(running.startedAt), 'running 1 min', '-', '-', '-', '0', 'manual-0935']);
    expect(summaryValue('Now')).toBe('Running');
    // The last completed run is the one before.
    expect(summaryValue('Last completed run')).toBe('Succeeded 4 min ago');
    expect(rowsOf(screen.getByRole('table', { name: 'Run errors' }))).toEqual([['The run is still going.']]);
  });
});

describe('Step Functions execution: the CLI hint', () => {
  const arn = 'arn:aws:states:eu-west-1:111111111111:execution:recovery-instance-sync:sched-0925';

  it('uses the endpoint and region where the orchestrator runs, with credentials the CLI accepts', () => {
    expect(executionHistoryCommand(arn, { region: 'us-east-1', stepFunctionsEndpoint: 'http://127.0.0.1:18083' })).toBe(
      `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws stepfunctions get-execution-history --region eu-west-1 --endpoint-url http://127.0.0.1:18083 --execution-arn ${arn}`,
    );
    expect(executionHistoryCommand(arn, { region: 'eu-west-1', stepFunctionsEndpoint: null })).toBe(
      `AWS_PROFILE=your-profile aws stepfunctions get-execution-history --region eu-west-1 --execution-arn ${arn}`,
    );
  });

  it('shows the command with the port the API reports, not a fixed 8083', async () => {
    const fake = fakeFetch({
      'GET /api/drs/recovery-instance-sync/status': { lastRun: null, lastCompletedRun: null, running: false, recentRuns: [] },
      'GET /api/accounts/current': { accountId: '111111111111', accountName: 'Hub', isCurrentAccount: true, region: 'us-east-1', stepFunctionsEndpoint: 'http://127.0.0.1:18083' },
    });
    renderWithApp(
      <Routes>
        <Route path="/executions/sfn/:arn" element={<SfnExecutionPage />} />
      </Routes>,
      { role: 'ReadOnly', fetch: fake.fetch, path: `/executions/sfn/${encodeURIComponent(arn)}` },
    );
    const command = await screen.findByText(/aws stepfunctions get-execution-history/);
    expect(command.textContent).toContain('--endpoint-url http://127.0.0.1:18083');
    expect(command.textContent).toContain('--region eu-west-1');
    expect(command.textContent).toContain('AWS_ACCESS_KEY_ID=local');
    expect(document.body.textContent).not.toMatch(/:8083\b/);
  });
});
