import { DescribeRecoveryInstancesCommand, DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, rawRequest, startEstate } from './helpers';

let sim: SimulatedEstate;
beforeAll(async () => ({ sim } = await startEstate()));
beforeEach(() => {
  sim.setFaults([]);
  sim.resetCalls();
});
afterAll(() => sim.close());

const A = '222222222222';
const client = () => clients(sim, credentialsOf(sim, A));
const control = (path: string, init?: RequestInit) =>
  fetch(`${sim.url}/_sim/${path}`, init?.body === undefined ? init : { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

describe('faults', () => {
  it('throttle: DRS ThrottlingException 429 with Retry-After, EC2 RequestLimitExceeded 503, STS Throttling', async () => {
    sim.setFaults([{ fault: 'throttle', retryAfterSeconds: 4 }]);
    const drs = await failure(client().drs.send(new DescribeSourceServersCommand({})));
    expect(drs.name).toBe('ThrottlingException');
    expect(drs.$metadata.httpStatusCode).toBe(429);
    expect(drs.$response?.headers['retry-after']).toBe('4');
    expect((drs as unknown as { retryAfterSeconds?: string }).retryAfterSeconds).toBe('4');
    const ec2 = await failure(client().ec2.send(new DescribeInstancesCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(['RequestLimitExceeded', 503]);
    const sts = await failure(client().sts.send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('Throttling');
  });

  it('server-error and access-denied map to each service’s own errors', async () => {
    sim.setFaults([{ fault: 'server-error', service: 'drs' }, { fault: 'access-denied', service: 'ec2' }, { fault: 'access-denied', service: 'sts' }]);
    const drs = await failure(client().drs.send(new DescribeSourceServersCommand({})));
    expect([drs.name, drs.$metadata.httpStatusCode]).toEqual(['InternalServerException', 500]);
    const ec2 = await failure(client().ec2.send(new DescribeInstancesCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(['UnauthorizedOperation', 403]);
    const sts = await failure(client().sts.send(new GetCallerIdentityCommand({})));
    expect([sts.name, sts.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    sim.setFaults([{ fault: 'access-denied', service: 'drs' }]);
    const denied = await failure(client().drs.send(new DescribeSourceServersCommand({})));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
  });

  it('matches the operation and account, and a counted rule is spent after N uses', async () => {
    sim.setFaults([{ fault: 'throttle', operation: 'DescribeRecoveryInstances', accountId: A, count: 2 }]);
    const { drs } = client();
    await drs.send(new DescribeSourceServersCommand({}));
    await clients(sim, credentialsOf(sim, '333333333333')).drs.send(new DescribeRecoveryInstancesCommand({}));
    expect((await failure(drs.send(new DescribeRecoveryInstancesCommand({})))).name).toBe('ThrottlingException');
    expect((await failure(drs.send(new DescribeRecoveryInstancesCommand({})))).name).toBe('ThrottlingException');
    await expect(drs.send(new DescribeRecoveryInstancesCommand({}))).resolves.toBeDefined();
  });

  it('latency adds real delay', async () => {
    sim.setFaults([{ fault: 'latency', latencyMs: 150, service: 'sts' }]);
    const started = Date.now();
    await client().sts.send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('the SDK’s own retries ride out a transient throttle, and every attempt is counted', async () => {
    sim.setFaults([{ fault: 'throttle', service: 'sts', count: 1, retryAfterSeconds: 0 }]);
    const sts = new STSClient({ endpoint: sim.url, region: 'us-east-1', credentials: credentialsOf(sim, A), maxAttempts: 3 });
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: A });
    expect(sim.calls()).toEqual([{ service: 'sts', operation: 'GetCallerIdentity', accountId: A, region: 'us-east-1', count: 2 }]);
  });
});

describe('authentication', () => {
  it('rejects unsigned requests and unknown keys in each protocol’s words', async () => {
    const unsigned = await fetch(`${sim.url}/DescribeSourceServers`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const unknown = { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' };
    expect((await failure(clients(sim, unknown).drs.send(new DescribeSourceServersCommand({})))).name).toBe('UnrecognizedClientException');
    expect((await failure(clients(sim, unknown).ec2.send(new DescribeInstancesCommand({})))).name).toBe('AuthFailure');
  });
});

describe('control endpoints and counters', () => {
  it('counts every call by service, operation, account and region, faulted ones included', async () => {
    sim.setFaults([{ fault: 'server-error', service: 'ec2', count: 1 }]);
    const { drs, ec2 } = client();
    await drs.send(new DescribeSourceServersCommand({}));
    await drs.send(new DescribeSourceServersCommand({}));
    await failure(ec2.send(new DescribeInstancesCommand({})));
    await clients(sim, credentialsOf(sim, '111111111111')).sts.send(new GetCallerIdentityCommand({}));
    const body = (await (await control('calls')).json()) as { calls: unknown[]; total: number };
    expect(body.total).toBe(4);
    expect(body.calls).toEqual([
      { service: 'drs', operation: 'DescribeSourceServers', accountId: A, region: 'us-east-1', count: 2 },
      { service: 'ec2', operation: 'DescribeInstances', accountId: A, region: 'us-east-1', count: 1 },
      { service: 'sts', operation: 'GetCallerIdentity', accountId: '111111111111', region: 'us-east-1', count: 1 },
    ]);
    expect((await control('calls', { method: 'DELETE' })).status).toBe(200);
    expect(sim.calls()).toEqual([]);
  });

  it('PUT /_sim/faults validates and installs rules; GET shows them', async () => {
    const bad = await control('faults', { method: 'PUT', body: JSON.stringify({ rules: [{ fault: 'boom' }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/rules\[0\]\.fault must be one of/);
    expect((await control('faults', { method: 'PUT', body: 'not json' })).status).toBe(400);
    const misspelt = await control('faults', { method: 'PUT', body: JSON.stringify({ rules: [{ fault: 'throttle', service: 'drs', operation: 'DescribeJob' }] }) });
    expect(misspelt.status).toBe(400);
    expect(await misspelt.json()).toEqual({ message: "rules[0].operation DescribeJob is not an operation of drs's model" });
    const ok = await control('faults', { method: 'PUT', body: JSON.stringify({ rules: [{ fault: 'access-denied', service: 'sts', operation: 'AssumeRole' }] }) });
    expect(ok.status).toBe(200);
    expect(await (await control('faults')).json()).toEqual({ rules: [{ fault: 'access-denied', service: 'sts', operation: 'AssumeRole' }] });
    const role = sim.scenario.accounts[1]!.role!;
    const error = await failure(clients(sim, credentialsOf(sim, '111111111111')).sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'abc', ExternalId: role.externalId })));
    expect(error.name).toBe('AccessDenied');
  });

  it('POST /_sim/scenario loads a scenario; GET returns it; health is 200', async () => {
    expect((await control('health')).status).toBe(200);
    const loaded = (await (await control('scenario', { method: 'POST', body: JSON.stringify({ name: 'empty', seed: 2 }) })).json()) as { name: string; seed: number };
    expect(loaded).toMatchObject({ name: 'empty', seed: 2 });
    expect(await (await control('scenario')).json()).toMatchObject({ name: 'empty', seed: 2 });
    expect((await client().drs.send(new DescribeSourceServersCommand({}))).items).toEqual([]);
    const bad = await control('scenario', { method: 'POST', body: JSON.stringify({ name: 'nope' }) });
    expect(bad.status).toBe(400);
    sim.loadScenario('demo', 1);
  });
});

describe('only same-origin JSON requests to the named host reach the estate', () => {
  it('a text/plain body, which any web page can POST without a preflight, is refused with 415', async () => {
    const loaded = await control('scenario', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ name: 'empty' }) });
    expect(loaded.status).toBe(415);
    expect(sim.scenario.name).toBe('demo');
    const faults = await fetch(`${sim.url}/_sim/faults`, { method: 'PUT', body: JSON.stringify({ rules: [{ fault: 'throttle' }] }) });
    expect(faults.status).toBe(415);
    expect(await (await control('faults')).json()).toEqual({ rules: [] });
  });

  it('a request from another origin is refused, preflight included, and no CORS header is sent', async () => {
    const post = await control('scenario', { method: 'POST', headers: { origin: 'http://evil.example' }, body: JSON.stringify({ name: 'empty' }) });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(sim.scenario.name).toBe('demo');
    const preflight = await fetch(`${sim.url}/_sim/faults`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const crossSite = await control('calls', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const own = await control('calls', { headers: { origin: sim.url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
  });

  it('a Host header that does not name the listener (DNS rebinding) is refused, for the AWS endpoints too', async () => {
    const port = new URL(sim.url).port;
    const rebound = await rawRequest(sim.url, { path: '/_sim/calls', headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toEqual({ message: expect.stringMatching(/Host "attacker.example:\d+" is not this listener/) });
    const aws = await rawRequest(sim.url, { method: 'POST', path: '/ListSourceServers', headers: { host: `attacker.example:${port}` } });
    expect(aws.status).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await rawRequest(sim.url, { path: '/_sim/health', headers: { host } })).status).toBe(200);
    }
    expect(sim.calls()).toEqual([]);
  });
});
