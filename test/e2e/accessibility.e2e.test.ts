/**
 * Accessibility of every console page, in Chromium: axe-core's WCAG 2.1 A and
 * AA rules find no violation, and an operator can do the main journey with
 * the keyboard alone (sign in, reach a page through the side navigation,
 * choose a plan, read its instances).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { LocalPlatform } from '../../local/platform';
import { runExecution } from '../support/platform';
import { launchChromium, screenshot, signIn, startConsolePlatform, type ConsoleSession } from './support/console';

let platform: LocalPlatform;
let browser: Browser;
let session: ConsoleSession | undefined;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startConsolePlatform(), launchChromium()]);
  expect((await runExecution(platform, platform.recoveryInstanceSyncArn)).description.status).toBe('SUCCEEDED');
});

afterEach(async () => {
  const errors = session?.errors ?? [];
  await session?.close();
  session = undefined;
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is; each violation as "rule: target (help)". */
async function wcagViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

const PAGES: Array<{ nav: string; heading?: string; ready: (page: Page) => Promise<unknown> }> = [
  { nav: 'Dashboard', ready: (page) => page.getByRole('main').getByRole('link').first().waitFor() },
  { nav: 'Recovery plans', ready: (page) => page.getByRole('heading', { name: /Existing recovery instances\s*\(\d+\)/ }).waitFor() },
  { nav: 'Recovery instances', ready: (page) => page.getByRole('rowheader').first().waitFor() },
  { nav: 'Sync status', ready: (page) => page.getByRole('link', { name: /recovery-instance-sync|View execution|execution/i }).first().waitFor() },
  { nav: 'Target accounts', ready: (page) => page.getByRole('rowheader').first().waitFor() },
  { nav: 'Inventory', ready: (page) => page.getByRole('rowheader').first().waitFor() },
  { nav: 'Protection groups', ready: (page) => page.getByText(/not available yet/i).first().waitFor() },
];

it('the Sign in page has no WCAG A/AA violation', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: platform.urls.console });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
});

it.each(PAGES.map((p) => [p.nav, p] as const))('the %s page has no WCAG A/AA violation', async (_, { nav, heading, ready }) => {
  session = await signIn(browser, platform, platform.adminToken);
  await session.open(nav, heading);
  await ready(session.page);
  const violations = await wcagViolations(session.page);
  if (violations.length > 0) await screenshot(session.page, `a11y-${nav}`);
  expect(violations).toEqual([]);
});

it('an operator signs in, opens Recovery plans, chooses a plan and reads its instances with the keyboard alone', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: platform.urls.console });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  session = { context, page, errors, open: async () => undefined, close: () => context.close() };
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  // Tab until the focus is on the given control; fails if it never gets there.
  const tabTo = async (matches: (page: Page) => Promise<boolean>, what: string, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      if (await matches(page)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${what}`);
  };
  // `test` is an expression over `el`, the focused element, evaluated in the page.
  const focused = (test: string) => (p: Page) =>
    p.evaluate((t) => new Function('el', `return ${t}`)((globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement) as boolean, test);

  await tabTo(focused("el && el.getAttribute('type') === 'password' || (el && el.tagName === 'INPUT')"), 'the Token field');
  await page.keyboard.type(platform.adminToken);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  await tabTo(focused("el && el.tagName === 'A' && el.textContent.trim() === 'Recovery plans' && !!el.closest('nav')"), 'the Recovery plans link of the side navigation');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Recovery plans' }).waitFor();

  // The plans' radios are one group: Tab reaches it once, the arrow keys move the choice (as any radio group).
  const plan = platform.scenario.recoveryPlans[1] ?? platform.scenario.recoveryPlans[0]!;
  await tabTo(focused("el && el.type === 'radio' && (el.getAttribute('aria-label') || '').startsWith('Select plan')"), 'the plans radio group');
  const onPlan = focused(`(el.getAttribute('aria-label') || '').includes(${JSON.stringify(plan.name)})`);
  for (let i = 0; i < platform.scenario.recoveryPlans.length && !(await onPlan(page)); i++) await page.keyboard.press('ArrowDown');
  expect(await onPlan(page)).toBe(true);
  await page.keyboard.press('Space');
  await page.getByRole('table', { name: `Existing recovery instances of ${plan.name}` }).waitFor();
  await page.getByRole('heading', { name: /Existing recovery instances\s*\(\d+\)/ }).waitFor();
  expect(new URL(page.url()).searchParams.get('plan')).toBe(plan.id);
  await screenshot(page, 'keyboard-recovery-plans');
  expect(errors).toEqual([]);
});
