/**
 * A full local run at DEBUG log level must not print a secret: no secret
 * access key or session token the estate issued, no API bearer token, no
 * ExternalId. Everything the handlers, the engine and the servers write to
 * stdout and stderr is captured and searched.
 */
import '../support/debug-logs';
import type { LocalPlatform } from '../../local/platform';
import { runExecution, startTestPlatform } from '../support/platform';

let platform: LocalPlatform;
const captured: string[] = [];
const originals = { stdout: process.stdout.write, stderr: process.stderr.write };

function capture() {
  // Captured, not echoed: the run logs at DEBUG and would drown the test output.
  return ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  process.stdout.write = capture();
  process.stderr.write = capture();
});

afterAll(async () => {
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
  // Every response the estate sent during the file was checked against the service models.
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

async function api(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${platform.urls.api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

it('a full local run logs no secret access key, session token, bearer token or ExternalId', async () => {
  const target = platform.scenario.accounts.find((a) => a.role && a.accountId !== platform.scenario.hubAccountId)!;
  expect((await runExecution(platform, platform.recoveryInstanceSyncArn)).description.status).toBe('SUCCEEDED');
  platform.sim.setFaults([{ service: 'drs', fault: 'throttle', probability: 0.5, retryAfterSeconds: 0 }, { service: 'ec2', fault: 'server-error' }]);
  await runExecution(platform, platform.recoveryInstanceSyncArn, {}, 120_000);
  platform.sim.setFaults([]);

  const readonly = platform.users.find((u) => u.role === 'ReadOnly')!;
  expect(await api('GET', '/accounts/targets', platform.adminToken)).toBe(200);
  expect(await api('POST', `/accounts/targets/${target.accountId}/validate`, platform.adminToken)).toBe(200);
  expect(await api('DELETE', `/accounts/targets/${target.accountId}`, readonly.token)).toBe(403);
  expect(await api('GET', '/accounts/targets', `${platform.adminToken}x`)).toBe(401);
  expect(await api('POST', '/accounts/targets', platform.adminToken, { accountId: '444444444444', name: 'x', roleArn: 'arn:aws:iam::444444444444:role/DrsOrchestratorTargetRole', externalId: 'secret-external-id-4444', regions: ['us-east-1'] })).toBe(201);
  expect(await api('POST', '/accounts/targets/444444444444/validate', platform.adminToken)).toBe(200);

  const output = captured.join('');
  // The run did log: the search below is over real output, not an empty capture.
  expect(output).toMatch(/Synced recovery instances/);
  expect(output).toMatch(/Request answered/);

  const secrets = [
    ...platform.sim.issuedSecrets(),
    ...platform.users.map((u) => u.token),
    platform.adminToken,
    ...platform.scenario.accounts.flatMap((a) => (a.role ? [a.role.externalId] : [])),
    'secret-external-id-4444',
  ];
  expect(platform.sim.issuedSecrets().length).toBeGreaterThan(platform.scenario.accounts.length);
  const leaked = secrets.filter((secret) => output.includes(secret));
  expect(leaked).toEqual([]);
});
