/**
 * The console's AWS sign-in, in Chromium, against a fake Cognito hosted UI
 * (support/fake-cognito.ts) whose ID tokens the local API accepts: the
 * authorization-code flow with PKCE from a deep link, the silent renewal of
 * the ID token before it expires, resuming the session after a reload,
 * sign-out (revocation, then the hosted UI's logout), and the sign-in page's
 * notices when the callback is forged or refused. The console is the built
 * one, served from a copy of web/dist with a cognito-mode /config.json.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { runExecution } from '../support/platform';
import { callApi, launchChromium, screenshot, startConsolePlatform, type ConsolePlatform } from './support/console';
import { startFakeCognito, type FakeCognito, type IssuedTokens } from './support/fake-cognito';
import { CONSOLE_DIR } from './support/paths';

const CLIENT_ID = 'drs-orch-e2e-console';
const TOKEN_KEY = 'drs-orch.token';
const REFRESH_TOKEN_KEY = 'drs-orch.refresh-token';
/** The console renews 5 minutes before `exp` (web/src/auth/use-token-refresh.ts): such a token is renewed about 8 s after sign-in. */
const RENEWED_AFTER_8S = 5 * 60 + 8;

let platform: ConsolePlatform;
let browser: Browser;
let fake: FakeCognito;
let consoleDir: string;
let tab: Tab | undefined;

beforeAll(async () => {
  // The built console, with the configuration the console stack would write next to it in AWS.
  consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drs-orch-e2e-console-'));
  fs.cpSync(CONSOLE_DIR, consoleDir, { recursive: true });
  [platform, browser] = await Promise.all([startConsolePlatform({ consoleDir }), launchChromium()]);
  const signingKey = Buffer.from(fs.readFileSync(path.join(platform.dataDir, 'auth', 'signing-key'), 'utf8').trim(), 'base64');
  fake = await startFakeCognito({
    clientId: CLIENT_ID,
    redirectUri: platform.urls.console,
    signingKey,
    users: platform.users.map(({ username, role }) => ({ username, role })),
  });
  fs.writeFileSync(
    path.join(consoleDir, 'config.json'),
    JSON.stringify({
      mode: 'cognito',
      apiUrl: platform.urls.api,
      userPoolId: 'eu-west-1_E2eConsole',
      clientId: CLIENT_ID,
      domain: fake.url,
      region: 'eu-west-1',
      redirectUri: platform.urls.console,
    }),
  );
  // Plans show their cached instances once a sync has run.
  expect((await runExecution(platform, platform.recoveryInstanceSyncArn)).description.status).toBe('SUCCEEDED');
});

afterEach(async () => {
  fake.lifetimes.signIn = 3600;
  fake.lifetimes.refresh = 3600;
  const errors = tab?.errors ?? [];
  await tab?.context.close();
  tab = undefined;
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await fake?.close();
  await platform?.close();
  if (consoleDir) fs.rmSync(consoleDir, { recursive: true, force: true });
});

interface ApiCall {
  readonly at: number;
  readonly request: Request;
  readonly url: string;
  readonly authorization: string | undefined;
  status?: number;
}

interface Tab {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and console errors (but the browser's own "Failed to load resource" for an answer it got). */
  readonly errors: string[];
  /**
   * Every request the page sent to the API's token-guarded routes, with its Authorization header and, once
   * answered, its status. The public health check is left out: the console asks it once, without a token, for the
   * server's clock (web/src/lib/server-clock.ts).
   */
  readonly apiCalls: ApiCall[];
}

/** A fresh browser context (no cookies, an empty sessionStorage) on the console. */
async function openTab(): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: platform.urls.console });
  const page = await context.newPage();
  const errors: string[] = [];
  const apiCalls: ApiCall[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (request.url().startsWith(platform.urls.api) && new URL(request.url()).pathname !== '/api/health') apiCalls.push({ at: Date.now(), request, url: request.url(), authorization: request.headers().authorization });
  });
  page.on('response', (response) => {
    const call = apiCalls.find((c) => c.request === response.request());
    if (call) call.status = response.status();
  });
  return (tab = { context, page, errors, apiCalls });
}

const consoleOrigin = () => new URL(platform.urls.console).origin;
const onHostedUi = (url: URL) => url.origin === fake.origin && url.pathname === '/oauth2/authorize';
const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in', exact: true });
const userMenu = (page: Page, username: string, roleLabel: string) => page.getByRole('button', { name: `Signed in as ${username}, role ${roleLabel}` });
const stored = (page: Page, key: string) => page.evaluate((k) => sessionStorage.getItem(k), key);
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** From the console's Sign in page: "Sign in with Cognito", then the hosted UI's form. */
async function startSignIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Cognito' }).click();
  await page.waitForURL(onHostedUi);
}

async function submitHostedUi(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens `link`, signs in as `username` through the hosted UI, and waits for the console to show them signed in. */
async function signInWithCognito(page: Page, link: string, username: string, roleLabel: string): Promise<IssuedTokens> {
  await page.goto(link);
  await signInHeading(page).waitFor();
  await startSignIn(page);
  await submitHostedUi(page, username);
  await userMenu(page, username, roleLabel).waitFor();
  const tokens = fake.issued.filter((t) => t.grant === 'authorization_code' && t.username === username).at(-1);
  if (!tokens) throw new Error(`fake Cognito issued no tokens to ${username}`);
  return tokens;
}

/** Goes to a page through the side navigation and waits for its heading. */
async function openFromNavigation(page: Page, navText: string, heading = navText): Promise<void> {
  const link = page.getByRole('navigation').getByRole('link', { name: navText, exact: true });
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Open side navigation' }).click();
  await link.click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The API calls answered since `since`, after the page has been quiet for a moment. */
async function answeredSince(page: Page, calls: readonly ApiCall[], since: number): Promise<ApiCall[]> {
  await page.waitForLoadState('networkidle');
  return calls.filter((c) => c.at >= since && c.status !== undefined);
}

/** Records, in the page loaded next, whether the console's Sign in page is ever rendered (page code: a string, this project has no DOM types). */
async function watchForSignInPage(page: Page): Promise<void> {
  await page.addInitScript({
    content: `window.__signInShown = false;
new MutationObserver(() => {
  if (document.body && document.body.textContent.includes('Sign in with Cognito')) window.__signInShown = true;
}).observe(document, { childList: true, subtree: true, characterData: true });`,
  });
}

const signInShown = (page: Page) => page.evaluate<boolean | undefined>('window.__signInShown');

async function refreshAt(refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function revokeAt(refreshToken: string): Promise<number> {
  const response = await fetch(`${fake.url}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, client_id: CLIENT_ID }).toString(),
  });
  return response.status;
}

it('sends an operator who opens a link to a plan through the hosted UI and back to the plan, signed in with their Cognito role', async () => {
  const plan = platform.scenario.recoveryPlans.find((p) => p.name === 'EU storefront');
  if (!plan) throw new Error('the demo scenario has no plan EU storefront');
  const { page, apiCalls } = await openTab();
  const link = `/recovery-plans?plan=${encodeURIComponent(plan.id)}`;

  await page.goto(link);
  await signInHeading(page).waitFor();
  await screenshot(page, 'cognito-sign-in');
  expect(apiCalls).toEqual([]);
  await startSignIn(page);

  const authorize = fake.requestsTo('/oauth2/authorize').at(-1)!;
  expect(authorize.query).toMatchObject({
    client_id: CLIENT_ID,
    redirect_uri: platform.urls.console,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge_method: 'S256',
  });
  expect(authorize.query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.query.state).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  await page.getByRole('heading', { name: 'Sign in with your username' }).waitFor();
  await screenshot(page, 'cognito-hosted-ui');

  await submitHostedUi(page, 'recovery-manager');
  await userMenu(page, 'recovery-manager', 'Recovery manager').waitFor();
  // Back on the link, the code and state gone from the address bar.
  const url = new URL(page.url());
  expect(`${url.pathname}${url.search}`).toBe(link);
  const table = page.getByRole('table', { name: `Existing recovery instances of ${plan.name}` });
  await table.getByRole('rowheader', { name: /^i-/ }).first().waitFor();
  await screenshot(page, 'cognito-signed-in-deep-link');

  // The code was exchanged once, from the console's origin, with the verifier behind the challenge.
  const exchanges = fake.requestsTo('/oauth2/token', 'authorization_code');
  expect(exchanges).toHaveLength(1);
  const [exchange] = exchanges;
  expect(exchange!.status).toBe(200);
  expect(exchange!.origin).toBe(consoleOrigin());
  expect(exchange!.form).toMatchObject({ client_id: CLIENT_ID, redirect_uri: platform.urls.console });
  expect(s256(exchange!.form.code_verifier!)).toBe(authorize.query.code_challenge);
  const tokens = fake.issued.at(-1)!;
  expect(tokens).toMatchObject({ grant: 'authorization_code', username: 'recovery-manager' });

  // Every API call carried the ID token (not the access token) and was answered.
  const calls = await answeredSince(page, apiCalls, 0);
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.authorization !== `Bearer ${tokens.idToken}`).map((c) => `${c.url}: ${c.authorization}`)).toEqual([]);
  expect(calls.filter((c) => c.status !== 200).map((c) => `${c.url}: ${c.status}`)).toEqual([]);
  expect(await page.getByText(/sign in again/i).count()).toBe(0);
  // The tab keeps the ID and refresh tokens, and no longer the PKCE verifier.
  expect(await stored(page, TOKEN_KEY)).toBe(tokens.idToken);
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBe(tokens.refreshToken);
  expect(await stored(page, 'drs-orch.pkce')).toBeNull();
  // The API itself reads the role from the ID token; the access token is not for it.
  expect((await callApi(platform, tokens.idToken, 'GET', '/recovery-plans')).status).toBe(200);
  expect((await callApi(platform, tokens.accessToken, 'GET', '/recovery-plans')).status).toBe(401);
});

it('renews the ID token 5 minutes before it expires, without disturbing the page, and the next API calls carry the new one', async () => {
  fake.lifetimes.signIn = RENEWED_AFTER_8S;
  const { page, apiCalls } = await openTab();
  const first = await signInWithCognito(page, '/recovery-instances', 'recovery-manager', 'Recovery manager');
  await page.getByRole('heading', { level: 1, name: 'Recovery instances' }).waitFor();
  // The operator is choosing instances when the renewal comes.
  const firstRow = page.getByRole('rowheader', { name: /^i-/ }).first();
  const instanceId = (await firstRow.textContent())!.trim();
  const checkbox = page.getByRole('checkbox', { name: `Select ${instanceId}` });
  await checkbox.check();

  const grant = await eventually('the refresh_token grant', () => fake.requestsTo('/oauth2/token', 'refresh_token').find((r) => r.at >= first.at && r.status !== 0)); // answered, not just received
  expect(grant.status).toBe(200);
  expect(grant.origin).toBe(consoleOrigin());
  expect(grant.form).toMatchObject({ client_id: CLIENT_ID, refresh_token: first.refreshToken });
  // Due 5 minutes before exp: about 8 s after sign-in, well before the token expires.
  expect(grant.at - first.at).toBeGreaterThanOrEqual(5_000);
  expect(grant.at - first.at).toBeLessThanOrEqual(12_000);
  expect(grant.at).toBeLessThan(first.expiresAt * 1000 - 4 * 60_000);
  const renewed = fake.issued.find((t) => t.grant === 'refresh_token' && t.at >= grant.at)!;
  expect(renewed.username).toBe('recovery-manager');

  await page.waitForFunction(([key, token]) => sessionStorage.getItem(key) === token, [TOKEN_KEY, renewed.idToken] as const);
  // Cognito sends no new refresh token: the console keeps the one it has.
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBe(first.refreshToken);
  // The renewal re-rendered the page without resetting it: the choice is still there.
  await page.waitForTimeout(500);
  expect(await checkbox.isChecked()).toBe(true);
  await userMenu(page, 'recovery-manager', 'Recovery manager').waitFor();

  // The page keeps working, with the new token.
  const mark = Date.now();
  await page.getByRole('button', { name: 'Refresh recovery instances' }).click();
  await openFromNavigation(page, 'Recovery plans');
  await page.getByRole('radio', { name: /^Select plan / }).first().waitFor();
  await openFromNavigation(page, 'Sync status');
  await screenshot(page, 'cognito-after-renewal');
  const later = await answeredSince(page, apiCalls, mark);
  expect(later.length).toBeGreaterThan(0);
  expect(later.filter((c) => c.authorization !== `Bearer ${renewed.idToken}`).map((c) => `${c.url}: ${c.authorization?.slice(0, 40)}`)).toEqual([]);
  expect(later.filter((c) => c.status !== 200).map((c) => `${c.url}: ${c.status}`)).toEqual([]);
  // One renewal, not a loop; no new sign-in.
  expect(fake.requestsTo('/oauth2/token', 'refresh_token').filter((r) => r.at >= first.at)).toHaveLength(1);
  expect(fake.requestsTo('/oauth2/authorize').filter((r) => r.at > first.at)).toEqual([]);
});

it('ends the session with the reason when Cognito refuses the renewal (the refresh token was revoked elsewhere)', async () => {
  fake.lifetimes.signIn = RENEWED_AFTER_8S;
  const { page } = await openTab();
  const first = await signInWithCognito(page, '/sync-status', 'plan-manager', 'Plan manager');
  expect(await revokeAt(first.refreshToken!)).toBe(200);

  const grant = await eventually('the refresh_token grant', () => fake.requestsTo('/oauth2/token', 'refresh_token').find((r) => r.at >= first.at && r.status !== 0)); // answered, not just received
  expect(grant.status).toBe(400);
  expect(grant.body).toEqual({ error: 'invalid_grant' });
  await page.getByText('Your session ended; sign in again.').waitFor();
  await signInHeading(page).waitFor();
  await screenshot(page, 'cognito-renewal-refused');
  expect(await stored(page, TOKEN_KEY)).toBeNull();
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBeNull();
});

it('resumes the session with the refresh token when the tab is reloaded after the ID token expired', async () => {
  const { page, apiCalls } = await openTab();
  const first = await signInWithCognito(page, '/recovery-instances', 'readonly', 'Read only');
  await page.getByRole('rowheader', { name: /^i-/ }).first().waitFor();

  // As after lunch: the tab holds an ID token that expired (signed by Cognito, refused by the API only for its age).
  const expired = await fake.mintIdToken('readonly', -60);
  expect((await callApi(platform, expired, 'GET', '/recovery-plans')).status).toBe(401);
  await page.evaluate(([key, token]) => sessionStorage.setItem(key, token), [TOKEN_KEY, expired] as const);
  await watchForSignInPage(page);
  const mark = Date.now();
  await page.reload();

  await userMenu(page, 'readonly', 'Read only').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Recovery instances' }).waitFor();
  await page.getByRole('rowheader', { name: /^i-/ }).first().waitFor();
  await screenshot(page, 'cognito-resumed-after-reload');
  const grants = fake.requestsTo('/oauth2/token', 'refresh_token').filter((r) => r.at >= mark);
  expect(grants).toHaveLength(1);
  expect(grants[0]!.status).toBe(200);
  expect(grants[0]!.form.refresh_token).toBe(first.refreshToken);
  const renewed = fake.issued.find((t) => t.grant === 'refresh_token' && t.at >= mark)!;
  // Neither the hosted UI nor the console's Sign in page was shown.
  expect(fake.requestsTo('/oauth2/authorize').filter((r) => r.at >= mark)).toEqual([]);
  expect(await signInShown(page)).toBe(false);
  expect(new URL(page.url()).pathname).toBe('/recovery-instances');
  expect(await stored(page, TOKEN_KEY)).toBe(renewed.idToken);
  // The expired token was never sent; the calls after the reload carry the renewed one.
  // Calls with the first token can only be the reloaded page's last polls, sent as the reload started.
  const calls = (await answeredSince(page, apiCalls, mark)).filter((c) => c.authorization !== `Bearer ${first.idToken}`);
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.authorization !== `Bearer ${renewed.idToken}`).map((c) => `${c.url}: ${c.authorization?.slice(0, 40)}`)).toEqual([]);
  expect(calls.filter((c) => c.status !== 200).map((c) => `${c.url}: ${c.status}`)).toEqual([]);
});

it('asks to sign in again, with the reason, when a reload finds the ID token expired and the refresh token revoked', async () => {
  const { page, apiCalls } = await openTab();
  const first = await signInWithCognito(page, '/sync-status', 'operator', 'Operator');
  expect(await revokeAt(first.refreshToken!)).toBe(200);
  await page.evaluate(([key, token]) => sessionStorage.setItem(key, token), [TOKEN_KEY, await fake.mintIdToken('operator', -60)] as const);
  const mark = Date.now();
  await page.reload();

  await page.getByText('Your session ended; sign in again.').waitFor();
  await signInHeading(page).waitFor();
  await screenshot(page, 'cognito-resume-refused');
  const grants = fake.requestsTo('/oauth2/token', 'refresh_token').filter((r) => r.at >= mark);
  expect(grants.map((g) => g.status)).toEqual([400]);
  expect(await stored(page, TOKEN_KEY)).toBeNull();
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBeNull();
  // The page being reloaded may still poll with its valid token as the reload starts; the reloaded one must call nothing.
  expect(apiCalls.filter((c) => c.at >= mark && c.authorization !== `Bearer ${first.idToken}`)).toEqual([]);
});

it('signs out by revoking the refresh token, then through the hosted UI logout back to the Sign in page', async () => {
  const { page } = await openTab();
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  const first = await signInWithCognito(page, '/sync-status', 'admin', 'Admin');
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBe(first.refreshToken);
  const mark = Date.now();
  navigations.length = 0;

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL(platform.urls.console);
  await page.getByRole('button', { name: 'Sign in with Cognito' }).waitFor();
  await screenshot(page, 'cognito-signed-out');

  const revokes = fake.requestsTo('/oauth2/revoke').filter((r) => r.at >= mark);
  expect(revokes).toHaveLength(1);
  expect(revokes[0]!.form).toEqual({ token: first.refreshToken, client_id: CLIENT_ID });
  expect(revokes[0]!.origin).toBe(consoleOrigin());
  expect(revokes[0]!.status).toBe(200);
  const logouts = fake.requestsTo('/logout').filter((r) => r.at >= mark);
  expect(logouts).toHaveLength(1);
  expect(logouts[0]!.query).toEqual({ client_id: CLIENT_ID, logout_uri: platform.urls.console });
  expect(logouts[0]!.status).toBe(302);
  // Revoked before leaving (the navigation would have cancelled it).
  expect(revokes[0]!.at).toBeLessThanOrEqual(logouts[0]!.at);
  expect(navigations.at(-1)).toBe(platform.urls.console);
  expect(await stored(page, TOKEN_KEY)).toBeNull();
  expect(await stored(page, REFRESH_TOKEN_KEY)).toBeNull();
  // The refresh token no longer mints tokens, for anyone who copied it.
  expect(await refreshAt(first.refreshToken!)).toEqual({ status: 400, body: { error: 'invalid_grant' } });

  // The hosted UI's own session ended too: signing in again asks who you are.
  await startSignIn(page);
  await page.getByLabel('Username').waitFor();
  expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
});

it('shows the Sign in page with the reason when the callback has a forged state, a code Cognito refuses, or the hosted UI\'s error', async () => {
  const { page } = await openTab();
  await page.goto('/sync-status');
  await signInHeading(page).waitFor();

  // A forged state, while a sign-in of this tab is under way: the code is not even exchanged.
  await startSignIn(page);
  let mark = Date.now();
  await page.goto(`/?code=${randomUUID()}&state=forged-state`);
  await page.getByText('The sign-in response does not match a sign-in started here; sign in again.').waitFor();
  await signInHeading(page).waitFor();
  await screenshot(page, 'cognito-forged-state');
  expect(page.url()).toBe(platform.urls.console);
  expect(fake.requestsTo('/oauth2/token').filter((r) => r.at >= mark)).toEqual([]);

  // The state of a real sign-in, with a code Cognito did not issue (or already took).
  await startSignIn(page);
  const state = fake.requestsTo('/oauth2/authorize').at(-1)!.query.state!;
  mark = Date.now();
  await page.goto(`/?code=not-a-code&state=${encodeURIComponent(state)}`);
  await page.getByText('Cognito refused the sign-in code (invalid_grant); sign in again.').waitFor();
  await signInHeading(page).waitFor();
  await screenshot(page, 'cognito-code-refused');
  expect(page.url()).toBe(platform.urls.console);
  const refused = fake.requestsTo('/oauth2/token').filter((r) => r.at >= mark);
  expect(refused.map((r) => [r.form.code, r.status])).toEqual([['not-a-code', 400]]);

  // The hosted UI's own error redirect.
  await startSignIn(page);
  const state2 = fake.requestsTo('/oauth2/authorize').at(-1)!.query.state!;
  await page.goto(`/?error=access_denied&error_description=${encodeURIComponent('User is disabled.')}&state=${encodeURIComponent(state2)}`);
  await page.getByText('Sign-in failed: User is disabled.').waitFor();
  await signInHeading(page).waitFor();
  expect(page.url()).toBe(platform.urls.console);
  expect(await stored(page, TOKEN_KEY)).toBeNull();

  // None of that stops the next sign-in.
  await startSignIn(page);
  await submitHostedUi(page, 'readonly');
  await userMenu(page, 'readonly', 'Read only').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  expect(await page.getByText(/sign in again/i).count()).toBe(0);
});

/** What the Sign in page says besides its fixed text: the notice, if any. */
async function signInNotice(page: Page): Promise<string> {
  const text = await page.locator('#root').innerText();
  return text
    .replace("Sign in with your organization's account. Your role comes from your Cognito groups.", '')
    .replace('DRS Orchestrator operator console', '')
    .replace('Sign in with Cognito', '')
    .replace('Sign in', '')
    .trim();
}

it('shows the Sign in page with a notice when the token endpoint cannot be reached at the end of the sign-in', async () => {
  const { page } = await openTab();
  await page.goto('/sync-status');
  await signInHeading(page).waitFor();
  expect(await signInNotice(page)).toBe('');
  await startSignIn(page);
  // A network that drops Cognito (a proxy, an outage) after the hosted UI answered.
  await page.route(`${fake.url}/oauth2/token`, (route) => route.abort('connectionrefused'));
  await submitHostedUi(page, 'operator');

  await page.getByRole('button', { name: 'Sign in with Cognito' }).waitFor();
  await signInHeading(page).waitFor();
  expect(await signInNotice(page)).toMatch(/Could not reach Cognito to finish signing in .*sign in again/);
  await screenshot(page, 'cognito-token-endpoint-unreachable');
  expect(page.url()).toBe(platform.urls.console);
  expect(await stored(page, TOKEN_KEY)).toBeNull();
});

// The code exchange gives up after COGNITO_TIMEOUT_MS (10 s): the console renders nothing until it ends, so it must end.
it('shows the Sign in page with the reason, not a blank page, when the token endpoint does not answer the code exchange', async () => {
  const { page } = await openTab();
  await page.goto('/sync-status');
  await startSignIn(page);
  await page.route(`${fake.url}/oauth2/token`, () => undefined);
  await submitHostedUi(page, 'operator');
  await page.waitForURL((url) => url.origin === consoleOrigin() && url.searchParams.has('code'));

  await page.getByRole('button', { name: 'Sign in with Cognito' }).waitFor({ timeout: 15_000 });
  expect(await signInNotice(page)).toMatch(/no answer in 10 s/);
}, 30_000);
