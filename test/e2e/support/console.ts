import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { CfnTemplate } from '../../../local/cfn';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '../../../local/platform';
import { CHROMIUM } from './global-setup';
import { CONSOLE_DIR, E2E_TEMPLATES_FILE, SCREENSHOT_DIR } from './paths';

/** The flags DESIGN.md lists for Debian's Chromium in a container, plus the ones that keep it off the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The local platform, with the data directory it keeps its state in (its signing key is `<dataDir>/auth/signing-key`). */
export type ConsolePlatform = LocalPlatform & { readonly dataDir: string };

/**
 * The local platform as `npm start` runs it, serving the built console, on
 * random ports with the demo scenario: no scheduler (tests decide when syncs
 * run), no simulated latency, every simulated response checked against the
 * service models.
 */
export async function startConsolePlatform(options: Partial<LocalPlatformOptions> = {}): Promise<ConsolePlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drs-orch-e2e-'));
  const platform = await startLocalPlatform({
    ports: { api: 0, sim: 0, dynamodb: 0, sfn: 0 },
    templates: JSON.parse(fs.readFileSync(E2E_TEMPLATES_FILE, 'utf8')) as Record<string, CfnTemplate>,
    scenario: { name: 'demo', seed: 1 },
    consoleDir: CONSOLE_DIR,
    scheduler: false,
    latency: 'none',
    conformance: 'enforce',
    clockSpeed: 60,
    dataDir,
    ...options,
  });
  await platform.seedScenario();
  const close = platform.close;
  return {
    ...platform,
    dataDir: options.dataDir ?? dataDir,
    close: async () => {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The token of the local user holding `role` (platform.users, as .local-data/auth/users.json lists them). */
export function tokenOf(platform: LocalPlatform, role: string): string {
  const user = platform.users.find((u) => u.role === role);
  if (!user) throw new Error(`the local platform has no ${role} user (roles: ${platform.users.map((u) => u.role).join(', ')})`);
  return user.token;
}

/** Calls the API as a browser-less client would. */
export async function callApi(platform: LocalPlatform, token: string, method: string, apiPath: string, requestBody?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${platform.urls.api}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(requestBody === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(requestBody === undefined ? {} : { body: JSON.stringify(requestBody) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Writes `test-results/screenshots/<name>.png` of the whole page. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface ConsoleSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and failed console messages seen so far, to assert there were none. */
  readonly errors: string[];
  /** Goes to a page through the side navigation and waits for its heading. */
  open(navText: string, heading?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the console in a fresh browser context and signs in with `token`
 * through the Sign in page, as an operator would.
 */
export async function signIn(browser: Browser, platform: LocalPlatform, token: string, shotPrefix?: string): Promise<ConsoleSession> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: platform.urls.console });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  if (shotPrefix) await screenshot(page, `${shotPrefix}-sign-in`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Recovery plans', exact: true }).waitFor();

  const open = async (navText: string, heading = navText) => {
    try {
      const link = page.getByRole('navigation').getByRole('link', { name: navText, exact: true });
      // Cloudscape closes the side navigation when the window briefly looks narrow (a full-page screenshot can do that).
      if (!(await link.isVisible())) await page.getByRole('button', { name: 'Open side navigation' }).click({ timeout: 15_000 });
      await link.click({ timeout: 15_000 });
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor({ timeout: 15_000 });
    } catch (error) {
      // What the page showed instead, for whoever reads the failure.
      await screenshot(page, `failed-open-${navText}`).catch(() => undefined);
      throw error;
    }
  };
  return { context, page, errors, open, close: () => context.close() };
}
