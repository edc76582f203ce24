/**
 * A ReadOnly user sees the plans and instances, and "Sync now" and
 * "Terminate" disabled with the role they need (as GET /user/permissions
 * says); the API refuses them with 403 when they call it anyway.
 */
import type { Browser } from 'playwright-core';
import type { LocalPlatform } from '../../local/platform';
import { runExecution } from '../support/platform';
import { callApi, launchChromium, screenshot, signIn, startConsolePlatform, tokenOf, type ConsoleSession } from './support/console';

let platform: LocalPlatform;
let browser: Browser;
let session: ConsoleSession | undefined;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startConsolePlatform(), launchChromium()]);
  expect((await runExecution(platform, platform.recoveryInstanceSyncArn)).description.status).toBe('SUCCEEDED');
});

afterAll(async () => {
  await session?.close();
  await browser?.close();
  await platform?.close();
});

/** The reason a disabled Cloudscape button gives: the hidden description its aria-describedby names. */
async function disabledReason(page: import('playwright-core').Page, name: string): Promise<string | null> {
  const button = page.getByRole('button', { name, exact: true });
  await button.waitFor();
  const ids = (await button.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? [];
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ').trim() || null;
}

it('shows a ReadOnly user the instances with the terminate action disabled and why, and the API answers 403 to them', async () => {
  const token = tokenOf(platform, 'ReadOnly');
  const execution = platform.scenario.executions[0]!;
  session = await signIn(browser, platform, token, 'readonly');
  const { page } = session;
  await page.getByRole('button', { name: /role Read only/ }).waitFor();

  await session.open('Recovery instances');
  const someInstance = await callApi(platform, token, 'GET', `/drs/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  expect(someInstance.status).toBe(200);
  const firstId: string = someInstance.body.items[0].ec2InstanceId;
  await page.getByRole('rowheader', { name: /^i-/ }).first().waitFor();
  await page.getByRole('checkbox', { name: `Select ${firstId}` }).check();
  expect(await disabledReason(page, 'Terminate')).toBe('Requires RecoveryManager; your role is ReadOnly.');
  expect(await page.getByRole('button', { name: 'Terminate', exact: true }).getAttribute('aria-disabled')).toBe('true');
  await screenshot(page, 'readonly-recovery-instances');

  // A shared link to the execution's instances opens the page filtered to them.
  await page.goto(`/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  await page.getByRole('heading', { level: 1, name: 'Recovery instances' }).waitFor();
  await page.getByRole('rowheader', { name: firstId, exact: true }).waitFor();
  expect(await page.getByRole('rowheader', { name: /^i-/ }).count()).toBe(execution.sourceServerIds.length);
  await page.getByText(new RegExp(`^Execution = .*${execution.executionId}`)).waitFor();
  expect(await disabledReason(page, 'Terminate execution')).toBe('Requires RecoveryManager; your role is ReadOnly.');

  await session.open('Recovery plans');
  await page.getByRole('heading', { name: /Existing recovery instances/ }).waitFor();
  expect(await disabledReason(page, 'Sync now')).toBe('Requires Operator; your role is ReadOnly.');
  await screenshot(page, 'readonly-recovery-plans');
  expect(session.errors).toEqual([]);

  // Hidden is not the protection: the API refuses the role itself.
  const terminate = await callApi(platform, token, 'POST', `/executions/${encodeURIComponent(execution.executionId)}/terminate-instances`);
  expect(terminate.status).toBe(403);
  const terminateOne = await callApi(platform, token, 'POST', '/drs/recovery-instances/terminate', { recoveryInstanceIds: [firstId] });
  expect(terminateOne.status).toBe(403);
  const sync = await callApi(platform, token, 'POST', '/drs/recovery-instance-sync');
  expect(sync.status).toBe(403);
  // Nothing was terminated.
  const still = await callApi(platform, platform.adminToken, 'GET', `/drs/recovery-instances?executionId=${encodeURIComponent(execution.executionId)}`);
  expect(still.body.items).toHaveLength(execution.sourceServerIds.length);
});
