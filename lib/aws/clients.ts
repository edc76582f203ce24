import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { processClock, type Clock } from '../clock';
import { callAws } from './classify-error';

/** Where a call goes: an account and region, and how to get into the account. */
export interface AccountRegion {
  readonly accountId: string;
  readonly region: string;
  /** Role to assume in a target account; absent for the account we run in. */
  readonly roleArn?: string | null;
  readonly externalId?: string | null;
}

export interface AwsClientFactoryOptions {
  /** Session name the assumed role sessions carry, seen in CloudTrail. @default 'drs-orchestrator' */
  readonly roleSessionName?: string;
  /** Refresh assumed credentials this long before they expire. @default 5 minutes */
  readonly refreshMarginMs?: number;
  /** SDK attempts per call, including the first; throttling and 5xx are retried with backoff. @default 5 */
  readonly maxAttempts?: number;
  /** The clock credential expiry is judged on: the process clock (virtual on the local platform). */
  readonly clock?: Clock;
  /**
   * An IAM policy (JSON) passed to every AssumeRole as the session policy:
   * the session may do only what both it and the role allow. The API's read
   * function passes READ_ONLY_SESSION_POLICY (lib/aws/session-policy.ts).
   * @default none: the role's own permissions
   */
  readonly sessionPolicy?: string;
}

type AssumableTarget = AccountRegion & { readonly roleArn: string };

/** The settings every client we create shares. */
interface SharedClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'standard';
  credentials?: () => Promise<AwsCredentialIdentity>;
}

interface CachedCredentials {
  readonly credentials: Promise<AwsCredentialIdentity>;
  readonly expiresAt: () => number;
}

/**
 * The one door to other accounts (DESIGN rule 9). It assumes each target
 * account's role with its ExternalId, caches the credentials until shortly
 * before they expire, and caches clients per account and region. A failed
 * AssumeRole is not cached, and it fails only the calls for that account.
 */
export class AwsClientFactory {
  private readonly credentials = new Map<string, CachedCredentials>();
  private readonly clients = new Map<string, DrsClient | EC2Client | SSMClient>();
  private readonly stsClients = new Map<string, STSClient>();
  private readonly roleSessionName: string;
  private readonly refreshMarginMs: number;
  private readonly maxAttempts: number;
  private readonly clock: Clock;
  private readonly sessionPolicy: string | undefined;

  constructor(options: AwsClientFactoryOptions = {}) {
    this.roleSessionName = options.roleSessionName ?? 'drs-orchestrator';
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.clock = options.clock ?? processClock;
    this.sessionPolicy = options.sessionPolicy;
  }

  drs(target: AccountRegion): DrsClient {
    return this.client('drs', target, (config) => new DrsClient(config));
  }

  ec2(target: AccountRegion): EC2Client {
    return this.client('ec2', target, (config) => new EC2Client(config));
  }

  ssm(target: AccountRegion): SSMClient {
    return this.client('ssm', target, (config) => new SSMClient(config));
  }

  /** Resolves the target's credentials now, so an AccessDenied shows before any work starts. */
  async verifyAccess(target: AccountRegion): Promise<void> {
    if (target.roleArn) await this.assumedCredentials(target as AssumableTarget, target.region)();
  }

  /** Closes every cached client's sockets. */
  destroy(): void {
    for (const client of [...this.clients.values(), ...this.stsClients.values()]) client.destroy();
    this.clients.clear();
    this.stsClients.clear();
    this.credentials.clear();
  }

  private client<T extends DrsClient | EC2Client | SSMClient>(
    service: string,
    target: AccountRegion,
    create: (config: SharedClientConfig) => T,
  ): T {
    const key = `${service}|${target.accountId}|${target.region}|${target.roleArn ?? ''}|${target.externalId ?? ''}`;
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = create({
        region: target.region,
        maxAttempts: this.maxAttempts,
        retryMode: 'standard',
        ...(target.roleArn ? { credentials: this.assumedCredentials(target as AssumableTarget, target.region) } : {}),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /**
   * The credential provider handed to the SDK clients. This cache, not the
   * SDK's, decides when to assume the role again, on our clock: the SDK
   * memoizes a provider's answer until its `expiration` is near on
   * Date.now(), which on the local platform is not the clock the estate's
   * STS expires sessions by. So the SDK gets an `expiration` of "now" and
   * asks this provider before every request, which answers from the cache
   * (no STS call) until shortly before the session really expires.
   * See docs/decisions/README.md.
   */
  private assumedCredentials(target: AssumableTarget, region: string): () => Promise<AwsCredentialIdentity> {
    return async () => ({ ...(await this.cachedCredentials(target, region)), expiration: new Date() });
  }

  private cachedCredentials(target: AssumableTarget, region: string): Promise<AwsCredentialIdentity> {
    const key = `${target.roleArn}|${target.externalId ?? ''}`;
    const cached = this.credentials.get(key);
    if (cached && cached.expiresAt() - this.refreshMarginMs > this.now()) return cached.credentials;
    let expiration = 0;
    const credentials = this.assumeRole(target, region).then((c) => {
      expiration = c.expiration?.getTime() ?? this.now() + 15 * 60_000;
      return c;
    });
    // Concurrent callers share one AssumeRole; a failure is forgotten so the next call tries again.
    this.credentials.set(key, { credentials, expiresAt: () => expiration || Number.MAX_SAFE_INTEGER });
    credentials.catch(() => this.credentials.delete(key));
    return credentials;
  }

  private async assumeRole(target: AssumableTarget, region: string): Promise<AwsCredentialIdentity> {
    let sts = this.stsClients.get(region);
    if (!sts) {
      sts = new STSClient({ region, maxAttempts: this.maxAttempts });
      this.stsClients.set(region, sts);
    }
    const client = sts;
    const response = await callAws(`AssumeRole ${target.roleArn} for account ${target.accountId}`, () =>
      client.send(
        new AssumeRoleCommand({
          RoleArn: target.roleArn,
          RoleSessionName: this.roleSessionName,
          ...(target.externalId ? { ExternalId: target.externalId } : {}),
          ...(this.sessionPolicy ? { Policy: this.sessionPolicy } : {}),
          DurationSeconds: 3600,
        }),
      ),
    );
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`AssumeRole ${target.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }
}
