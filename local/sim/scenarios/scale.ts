/**
 * The scale estate for load tests: `recoveryInstances` source servers, each
 * with a live recovery instance from one past drill, spread evenly over
 * `accounts` target accounts × `regions` regions, and one plan covering them.
 */
import { ScenarioBuilder } from './builder';
import { SCALE_REGIONS, TIER_LABEL } from './catalog';
import { HUB_ACCOUNT } from './demo';

export interface ScaleOptions {
  recoveryInstances: number;
  accounts: number;
  regions: number;
}

const TIERS = ['db', 'app', 'web'] as const;

export function buildScale(seed: number, now: number, options: ScaleOptions): ScenarioBuilder {
  const b = new ScenarioBuilder('scale', seed, now, HUB_ACCOUNT);
  const regions = SCALE_REGIONS.slice(0, options.regions);
  b.addAccount(HUB_ACCOUNT, [regions[0]!]);
  const accounts = Array.from({ length: options.accounts }, (_, i) => String(i + 2).repeat(12));
  for (const accountId of accounts) b.addAccount(accountId, regions);

  const slots = accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
  const groups: Record<(typeof TIERS)[number], string[]> = { db: [], app: [], web: [] };
  slots.forEach(({ accountId, region }, slot) => {
    // Spread evenly: the first (total mod slots) slots take one extra server.
    const count = Math.floor(options.recoveryInstances / slots.length) + (slot < options.recoveryInstances % slots.length ? 1 : 0);
    const app = `svc${slot + 1}`;
    const servers = Array.from({ length: count }, (_, i) => b.addSourceServer(accountId, region, app, TIERS[i % 3]!));
    for (const tier of TIERS) {
      groups[tier].push(b.addProtectionGroup(`${TIER_LABEL[tier]} tier · ${accountId} · ${region}`, accountId, region, servers.filter((s) => s.tags.Tier === tier)));
    }
  });
  const plan = b.addPlan('Scale plan', TIERS.map((tier) => ({ name: `${TIER_LABEL[tier]} wave`, protectionGroupIds: groups[tier] })));
  b.runPastExecution(plan, now - 86_400_000, true, true);
  return b;
}
