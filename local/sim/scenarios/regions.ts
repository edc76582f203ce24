/**
 * The regions estate, for the active-region filter: the target account
 * `222222222222` is registered in all 28 DRS regions, DRS is initialized in 6
 * of them, and source servers (each with a live recovery instance from one
 * past drill) are in exactly 3. A sync that scans every region makes 28×
 * the per-region calls; one that filters makes them in the 3 active regions
 * (plus the hub's one region), so the saving is there to measure.
 */
import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import { ScenarioBuilder } from './builder';
import { TIER_LABEL } from './catalog';
import { HUB_ACCOUNT } from './demo';

export const REGIONS_TARGET_ACCOUNT = '222222222222';
/** Where the servers are. */
export const REGIONS_ACTIVE = ['us-east-1', 'us-west-2', 'eu-west-1'];
/** Where DRS was set up: the active regions and three that hold nothing. */
export const REGIONS_INITIALIZED = [...REGIONS_ACTIVE, 'eu-central-1', 'ap-southeast-2', 'ca-central-1'];

export interface RegionsOptions {
  /** Source servers in each active region. */
  serversPerRegion: number;
  /**
   * Servers of a staging account (444444444444, trusted by the target account)
   * in each active region, none extended yet: what the staging-account sync
   * extends (bench/staging.ts). 0 adds no staging account.
   */
  stagingServersPerRegion?: number;
}

export const REGIONS_STAGING_ACCOUNT = '444444444444';

const TIERS = ['db', 'app', 'web'] as const;

export function buildRegions(seed: number, now: number, options: RegionsOptions): ScenarioBuilder {
  const b = new ScenarioBuilder('regions', seed, now, HUB_ACCOUNT);
  b.addAccount(HUB_ACCOUNT, ['us-east-1']);
  b.addAccount(REGIONS_TARGET_ACCOUNT, [...DRS_COMMERCIAL_REGIONS], { drsInitializedRegions: REGIONS_INITIALIZED });
  const groups: Record<(typeof TIERS)[number], string[]> = { db: [], app: [], web: [] };
  REGIONS_ACTIVE.forEach((region, slot) => {
    const servers = Array.from({ length: options.serversPerRegion }, (_, i) => b.addSourceServer(REGIONS_TARGET_ACCOUNT, region, `geo${slot + 1}`, TIERS[i % 3]!));
    for (const tier of TIERS) {
      groups[tier].push(b.addProtectionGroup(`${TIER_LABEL[tier]} tier · ${region}`, REGIONS_TARGET_ACCOUNT, region, servers.filter((s) => s.tags.Tier === tier)));
    }
  });
  const plan = b.addPlan('Multi-region plan', TIERS.map((tier) => ({ name: `${TIER_LABEL[tier]} wave`, protectionGroupIds: groups[tier] })));
  b.runPastExecution(plan, now - 86_400_000, true, true);
  // Added last, so every id above is the same with or without it.
  const staging = options.stagingServersPerRegion ?? 0;
  if (staging > 0) {
    b.addStagingAccount(REGIONS_STAGING_ACCOUNT, [...REGIONS_ACTIVE], [REGIONS_TARGET_ACCOUNT]);
    REGIONS_ACTIVE.forEach((region, slot) => b.addSourceServers(REGIONS_STAGING_ACCOUNT, region, [{ app: `stage${slot + 1}`, tier: 'app', count: staging }]));
  }
  return b;
}
