/** Shared set-up for the simulated-estate integration tests. */
import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { request as httpRequest } from 'node:http';
import type { VirtualClock } from '../../../local/clock';
import { startSimulatedEstate, type SimulatedEstate, type SimulatedEstateOptions } from '../../../local/sim';

/** A clock that only moves when told to, so a test can step through a DRS job. */
export class ManualClock implements VirtualClock {
  readonly speed = 1;
  constructor(private t = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  now(): number { return this.t; }
  date(): Date { return new Date(this.t); }
  toRealMs(virtualMs: number): number { return virtualMs; }
  sleep(virtualMs: number): Promise<void> { this.t += virtualMs; return Promise.resolve(); }
  advance(ms: number): void { this.t += ms; }
}

export interface Credentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export async function startEstate(overrides: Partial<SimulatedEstateOptions> = {}): Promise<{ sim: SimulatedEstate; clock: ManualClock }> {
  const clock = new ManualClock();
  const sim = await startSimulatedEstate({ port: 0, clock, latency: 'none', conformance: 'enforce', ...overrides });
  return { sim, clock };
}

export function credentialsOf(sim: SimulatedEstate, accountId: string): Credentials {
  const account = [...sim.scenario.accounts, ...sim.scenario.stagingAccounts].find((a) => a.accountId === accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
}

/** SDK clients against the estate; retries off so each call is one request. */
export function clients(sim: SimulatedEstate, credentials: Credentials, region = 'us-east-1') {
  const config = { endpoint: sim.url, region, credentials, maxAttempts: 1 };
  return { drs: new DrsClient(config), ec2: new EC2Client(config), sts: new STSClient(config), ssm: new SSMClient(config) };
}

/** Runs a promise expected to fail and returns the SDK error. */
export async function failure(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

/** A request with headers fetch will not send (Host); answers status and body text. */
export function rawRequest(base: string, options: { method?: string; path: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(options.path, base), { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
