/**
 * An operator's journeys through the console, in Chromium, against the local
 * platform with the demo estate: sign in, read a plan's existing recovery
 * instances from the cache, run "Sync now", terminate one instance a past
 * drill launched and then, as its own action, the rest of the execution. Each journey leaves screenshots in test-results/screenshots/.
 */
import type { Browser } from 'playwright-core';
import type { LocalPlatform } from '../../local/platform';
import { runExecution } from '../support/platform';
import { callApi, launchChromium, screenshot, signIn, startConsolePlatform, type ConsoleSession } from './support/console';

let platform: LocalPlatform;
let browser: Browser;
let session: ConsoleSession | undefined;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startConsolePlatform(), launchChromium()]);
  // The cache starts empty: one sync fills it, as the schedule would.
  const sync = await runExecution(platform, platform.recoveryInstanceSyncArn);
  expect(sync.description.status).toBe('SUCCEEDED');
});

afterEach(async () => {
  const errors = session?.errors ?? [];
  await session?.close();
  session = undefined;
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

const planNamed = (name: string) => {
  const plan = platform.scenario.recoveryPlans.find((p) => p.name === name);
  if (!plan) throw new Error(`the demo scenario has no plan ${name}`);
  return plan;
};

it('signs in with the admin token after refusing a wrong one', async () => {
  session = await signIn(browser, platform, platform.adminToken, 'sign-in');
  const { page } = session;
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await expectVisible(page.getByRole('button', { name: /Signed in as admin, role Admin/ }));
  await screenshot(page, 'sign-in-dashboard');

  // A second browser: a token the API does not accept is refused on the Sign in page.
  const context = await browser.newContext({ baseURL: platform.urls.console });
  try {
    const page2 = await context.newPage();
    await page2.goto('/');
    await page2.getByLabel('Token').fill('not-a-token');
    await page2.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page2.getByText('The API does not accept this token').first().waitFor();
    await screenshot(page2, 'sign-in-refused');
    expect(await page2.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
  } finally {
    await context.close();
  }
});

it('shows the cached recovery instances of a plan on Recovery plans', async () => {
  const plan = planNamed('EU storefront');
  const expected = await callApi(platform, platform.adminToken, 'GET', `/recovery-plans/${plan.id}/check-existing-instances`);
  expect(expected.status).toBe(200);
  const ids: string[] = expected.body.existingInstances.map((i: { ec2InstanceId: string }) => i.ec2InstanceId);
  expect(ids.length).toBe(20);

  session = await signIn(browser, platform, platform.adminToken);
  const { page } = session;
  await session.open('Recovery plans');
  await page.getByRole('radio', { name: `Select plan ${plan.name}` }).check();
  const table = page.getByRole('table', { name: `Existing recovery instances of ${plan.name}` });
  await table.getByRole('rowheader', { name: ids[0] }).waitFor();
  for (const id of ids) await expectVisible(table.getByRole('rowheader', { name: id, exact: true }));
  await expectVisible(page.getByRole('heading', { name: /Existing recovery instances\s*\(20\)/ }));
  await screenshot(page, 'recovery-plans-instances');
});

it('runs Sync now and reports the run when it finishes', async () => {
  session = await signIn(browser, platform, platform.adminToken);
  const { page } = session;
  await session.open('Recovery plans');
  const before = await callApi(platform, platform.adminToken, 'GET', '/drs/recovery-instance-sync/status');

  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByText('Sync running').or(page.getByText('Sync completed')).first().waitFor();
  await screenshot(page, 'sync-now-running');
  const done = page.getByText('Sync completed');
  await done.waitFor({ timeout: 45_000 });
  await expectVisible(page.getByText(/Succeeded: \d+ instances processed in 5 regions/));
  await screenshot(page, 'sync-now-completed');

  const after = await callApi(platform, platform.adminToken, 'GET', '/drs/recovery-instance-sync/status');
  expect(JSON.stringify(after.body)).not.toEqual(JSON.stringify(before.body));

  await session.open('Sync status');
  // The run's status in words, as the AWS console says it, not the API's SUCCEEDED.
  const runs = page.getByRole('table', { name: /Recent runs/ });
  await runs.getByText('Succeeded', { exact: true }).first().waitFor();
  expect(await runs.getByText('SUCCEEDED', { exact: true }).count()).toBe(0);
  await screenshot(page, 'sync-status');
});

it("terminates the one instance ticked, then, as its own action, the rest of the execution, and keeps both outcomes in Activity", async () => {
  const identity = planNamed('Identity services');
  const execution = platform.scenario.executions.find((e) => e.planId === identity.id);
  if (!execution) throw new Error('the demo scenario has no execution of Identity services');
  const listed = await callApi(platform, platform.adminToken, 'GET', `/drs/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  const ids: string[] = listed.body.items.map((i: { ec2InstanceId: string }) => i.ec2InstanceId);
  expect(ids).toHaveLength(execution.sourceServerIds.length);

  session = await signIn(browser, platform, platform.adminToken);
  const { page } = session;
  await session.open('Recovery instances');
  // Filter to the execution as an operator would: the filter offers every execution in the cache, named by its plan.
  const filter = page.getByRole('combobox', { name: 'Filter recovery instances' });
  await filter.click();
  await filter.fill('Execution = Identity services');
  const option = page.getByRole('option').filter({ hasText: execution.executionId });
  await expectVisible(option);
  expect(await option.textContent()).toContain(`Identity services · ${ids.length} instances`);
  await option.click();
  await page.waitForURL((url) => url.searchParams.get('executionId') === execution.executionId);
  await page.getByText(`Execution = Identity services (${execution.executionId})`).waitFor();
  for (const id of ids) await page.getByRole('rowheader', { name: id, exact: true }).waitFor();
  expect(await page.getByRole('rowheader', { name: /^i-/ }).count()).toBe(ids.length);
  await screenshot(page, 'recovery-instances-filtered');

  // Ticking one instance terminates that one, and nothing else of the execution.
  await page.getByRole('checkbox', { name: `Select ${ids[0]}` }).check();
  await page.getByRole('button', { name: 'Terminate', exact: true }).click();
  let dialog = page.getByRole('dialog', { name: 'Terminate selected recovery instances' });
  await dialog.getByText('This terminates exactly the 1 selected recovery instance').waitFor();
  const listedInModal = dialog.getByRole('table', { name: 'Instances to terminate' });
  await expectVisible(listedInModal.getByRole('cell', { name: ids[0], exact: true }));
  expect(await listedInModal.getByRole('rowheader').count()).toBe(1);
  await screenshot(page, 'terminate-selected-confirm');
  await confirmTermination(dialog, 1);

  await page.getByRole('alert').or(page.getByText('Terminated 1 instance', { exact: true })).first().waitFor();
  const activity = page.getByRole('table', { name: 'Activity log' });
  await activity.getByText('Terminated 1 instance', { exact: true }).waitFor();
  await expectVisible(activity.getByText(/drsjob-[0-9a-zA-Z]{17}/).first());
  await page.getByRole('rowheader', { name: ids[0], exact: true }).waitFor({ state: 'detached', timeout: 15_000 });
  const rest = await callApi(platform, platform.adminToken, 'GET', `/drs/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  expect(rest.body.items.map((i: { ec2InstanceId: string }) => i.ec2InstanceId).sort()).toEqual(ids.slice(1).sort());
  await screenshot(page, 'terminate-selected-done');

  // The whole execution is its own action, and lists everything it terminates first.
  await page.getByRole('button', { name: 'Terminate execution', exact: true }).click();
  dialog = page.getByRole('dialog', { name: 'Terminate all instances of an execution' });
  await dialog.getByText(`every cached recovery instance of execution ${execution.executionId}`).waitFor();
  expect(await dialog.getByRole('table', { name: 'Instances to terminate' }).textContent()).toContain(ids[1]);
  await screenshot(page, 'terminate-execution-confirm');
  await confirmTermination(dialog, ids.length - 1);

  await activity.getByText(`Terminated ${ids.length - 1} instance${ids.length - 1 === 1 ? '' : 's'} (execution ${execution.executionId})`).waitFor();
  // The page reloads the list: the terminated instances leave the filtered table, and the execution leaves the filter's values.
  for (const id of ids) await page.getByRole('rowheader', { name: id, exact: true }).waitFor({ state: 'detached', timeout: 15_000 });
  await page.getByText('No recovery instances match.').waitFor();
  await filter.click();
  await filter.fill('Execution = ');
  await page.getByRole('option', { name: /Execution = / }).first().waitFor();
  expect(await page.getByRole('option').filter({ hasText: execution.executionId }).count()).toBe(0);
  await filter.press('Escape');
  await screenshot(page, 'terminate-done');

  // The activity log outlives a reload.
  await page.reload();
  await page.getByRole('table', { name: 'Activity log' }).getByText('Terminated 1 instance', { exact: true }).waitFor();

  // Clear filters: the other executions' instances are still there.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((url) => !url.searchParams.has('executionId'));
  await page.getByRole('rowheader', { name: /^i-/ }).first().waitFor();
  expect(await page.getByRole('rowheader', { name: /^i-/ }).count()).toBeGreaterThan(0);

  const after = await callApi(platform, platform.adminToken, 'GET', `/drs/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  expect(after.body.items).toEqual([]);
  const plan = await callApi(platform, platform.adminToken, 'GET', `/recovery-plans/${identity.id}/check-existing-instances`);
  expect(plan.body.existingInstances).toEqual([]);
});

/** Confirms a termination, typing the confirmation word when the dialog asks for it (more than 10, or not known drills). */
async function confirmTermination(dialog: import('playwright-core').Locator, count: number): Promise<void> {
  const typed = dialog.getByRole('textbox', { name: 'Type terminate to confirm' });
  const button = dialog.getByRole('button', { name: `Terminate ${count} instance${count === 1 ? '' : 's'}` });
  if (await typed.count()) {
    expect(await button.isDisabled()).toBe(true);
    await typed.fill('terminate');
  }
  await button.click();
}

async function expectVisible(locator: { isVisible(): Promise<boolean>; waitFor(o?: { state?: 'visible' }): Promise<void> }): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  expect(await locator.isVisible()).toBe(true);
}
