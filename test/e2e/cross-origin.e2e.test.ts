/**
 * The deployed shape: the console on one origin (CloudFront), the API on
 * another (execute-api), so every call is cross-origin. Here the built
 * console is served by its own server, on another port than the local API,
 * with a config.json that points at the API; the API allows that origin only.
 * A missing Access-Control-Allow-Origin on the function's answers or on the
 * gateway's own errors makes the browser hide the answer, and this test fail.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../local/http/static-server';
import { launchChromium, screenshot, startConsolePlatform, tokenOf, type ConsolePlatform } from './support/console';
import { CONSOLE_DIR } from './support/paths';

let consoleServer: StaticServer;
let platform: ConsolePlatform;
let browser: Browser;
let consoleDir: string;

beforeAll(async () => {
  consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drs-orch-e2e-cross-origin-'));
  fs.cpSync(CONSOLE_DIR, consoleDir, { recursive: true });
  consoleServer = await startStaticServer({ dir: consoleDir });
  [platform, browser] = await Promise.all([startConsolePlatform({ consoleOrigin: consoleServer.url }), launchChromium()]);
  // What the console stack writes next to the console in AWS, in local (token) mode: the API on another origin.
  fs.writeFileSync(path.join(consoleDir, 'config.json'), JSON.stringify({ mode: 'local', apiUrl: platform.urls.api }));
  expect(new URL(platform.urls.api).origin).not.toBe(consoleServer.url);
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await consoleServer?.close();
  if (consoleDir) fs.rmSync(consoleDir, { recursive: true, force: true });
});

async function openConsole() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: consoleServer.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  const apiAnswers: { url: string; status: number; allowOrigin: string | null }[] = [];
  page.on('response', async (response) => {
    if (response.url().startsWith(platform.urls.api)) {
      apiAnswers.push({ url: response.url(), status: response.status(), allowOrigin: (await response.allHeaders())['access-control-allow-origin'] ?? null });
    }
  });
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  return { context, page, errors, apiAnswers };
}

it('signs in and loads pages from another origin than the API', async () => {
  const { context, page, errors, apiAnswers } = await openConsole();
  try {
    await page.getByLabel('Token').fill(tokenOf(platform, 'Admin'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Target accounts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Target accounts', exact: true }).waitFor();
    // The scenario's accounts, read cross-origin with the bearer token (a preflighted request).
    await page.getByText(platform.scenario.hubAccountId, { exact: true }).first().waitFor();
    await screenshot(page, 'cross-origin-target-accounts');
    expect(apiAnswers.length).toBeGreaterThan(0);
    for (const answer of apiAnswers) expect(answer).toMatchObject({ allowOrigin: consoleServer.url });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

it("shows the API's refusal of a bad token, which API Gateway itself answers (401 with CORS headers)", async () => {
  const { context, page, apiAnswers } = await openConsole();
  try {
    await page.getByLabel('Token').fill('not-a-valid-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The API does not accept this token.', { exact: false }).first().waitFor();
    expect(apiAnswers).toContainEqual(expect.objectContaining({ status: 401, allowOrigin: consoleServer.url }));
  } finally {
    await context.close();
  }
});
