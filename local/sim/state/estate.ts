/**
 * The estate: every account, its credentials, and per account and region the
 * DRS and EC2 resources, advanced along virtual time by a discrete-event queue.
 * A scenario builds one; the HTTP server reads and mutates it.
 */
import { IdFactory } from '../ids';
import { Prng } from '../prng';
import type { AccountConfig, Principal } from './accounts';
import { RegionState } from './region-state';
import { Scheduler } from './scheduler';

/** Scenario-level behaviour of DRS jobs (see docs/simulated-estate.md). */
export interface EstateBehaviour {
  /** Probability that a server's launch fails (LAUNCH_FAILED). */
  launchFailureRate: number;
  /** Probability that a launch job never finishes: it stays STARTED forever. */
  stuckJobRate: number;
  /** Hostnames whose launches always fail. */
  failLaunchHostnames: string[];
  /** Hostnames whose jobs always get stuck. */
  stuckLaunchHostnames: string[];
}

export const DEFAULT_BEHAVIOUR: EstateBehaviour = {
  launchFailureRate: 0,
  stuckJobRate: 0,
  failLaunchHostnames: [],
  stuckLaunchHostnames: [],
};

/** DRS's default quota of source servers per account and region (the original platform's MAX_SOURCE_SERVERS). */
export const DEFAULT_SOURCE_SERVER_QUOTA = 4000;

export class Estate {
  readonly accounts = new Map<string, AccountConfig>();
  readonly scheduler = new Scheduler();
  readonly ids: IdFactory;
  /** Job timings and launch outcomes; separate from ids so one does not shift the other. */
  readonly jobRng: Prng;
  /** Per staging account, the target accounts it trusts to extend its source servers (DRS trusted accounts). */
  private readonly extensionTrust = new Map<string, Set<string>>();
  /** Source servers an account may hold in a region (extended ones included); a scenario may lower it. */
  sourceServerQuota = DEFAULT_SOURCE_SERVER_QUOTA;
  private readonly principals = new Map<string, Principal>();
  private readonly regions = new Map<string, RegionState>();
  private subnetCounter = 0;

  constructor(
    readonly seed: number,
    public behaviour: EstateBehaviour = DEFAULT_BEHAVIOUR,
  ) {
    this.ids = new IdFactory(Prng.stream(seed, 'ids'));
    this.jobRng = Prng.stream(seed, 'jobs');
  }

  addAccount(account: AccountConfig): void {
    this.accounts.set(account.accountId, account);
    this.addPrincipal({
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
      accountId: account.accountId,
      userId: this.ids.iamUniqueId('AIDA'),
      arn: `arn:aws:iam::${account.accountId}:user/${account.userName}`,
    });
    for (const region of account.drsRegions) this.region(account.accountId, region).drsInitialized = true;
  }

  /** The staging account trusts the target account to extend its servers. */
  trustForExtension(stagingAccountId: string, targetAccountId: string): void {
    const trusted = this.extensionTrust.get(stagingAccountId) ?? new Set<string>();
    trusted.add(targetAccountId);
    this.extensionTrust.set(stagingAccountId, trusted);
  }

  trustsForExtension(stagingAccountId: string, targetAccountId: string): boolean {
    return this.extensionTrust.get(stagingAccountId)?.has(targetAccountId) ?? false;
  }

  addPrincipal(principal: Principal): void {
    this.principals.set(principal.accessKeyId, principal);
  }

  principal(accessKeyId: string): Principal | undefined {
    return this.principals.get(accessKeyId);
  }

  /** The principals AssumeRole issued (they carry a session token). */
  sessions(): Principal[] {
    return [...this.principals.values()].filter((p) => p.sessionToken !== undefined);
  }

  /** Every secret access key and session token the estate knows or issued, for leak checks. */
  secrets(): string[] {
    return [...this.principals.values()].flatMap((p) => [p.secretAccessKey, p.sessionToken].filter((s): s is string => !!s));
  }

  /** The account's state in a region, created empty on first use (EC2 exists everywhere). */
  region(accountId: string, region: string): RegionState {
    const key = `${accountId}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      const n = this.subnetCounter;
      this.subnetCounter += 3;
      state = new RegionState(
        accountId,
        region,
        {
          vpcId: this.ids.vpc(),
          subnets: ['a', 'b', 'c'].map((az, i) => ({
            subnetId: this.ids.subnet(),
            availabilityZone: `${region}${az}`,
            cidrPrefix: `10.${(n + i) % 256}`,
          })),
          securityGroups: Object.fromEntries(
            ['default', 'web', 'app', 'db', 'cache', 'queue'].map((tier) => [
              tier,
              { groupId: this.ids.securityGroup(), groupName: tier === 'default' ? 'default' : `${tier}-tier` },
            ]),
          ),
        },
        false,
      );
      this.regions.set(key, state);
    }
    return state;
  }

  /** Every region state, for counting and scenario descriptions. */
  allRegions(): RegionState[] {
    return [...this.regions.values()];
  }

  /** Applies every scheduled change due by virtual time `now`. */
  advance(now: number): void {
    this.scheduler.advance(now);
  }
}
