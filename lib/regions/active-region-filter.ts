/**
 * Which account-regions a multi-region operation should scan. Customers run
 * DRS in a few of its 28 regions; asking every region on every run costs
 * calls, time and throttling. The filter reads the region status table (what
 * the last scans found) and keeps an account-region when:
 *
 * - it has source servers (active), or
 * - nothing is known of it yet (a region just registered, a new account), or
 * - its last scan failed (the failure may have hidden its servers), or
 * - it was found empty or uninitialized longer ago than `recheckAfterMs`, so
 *   servers that appear in a quiet region are found within that time.
 *
 * When the table is empty (a new deployment), cannot be read, or fails, the
 * operation scans every region it was given, with a warning, and whatever
 * scanned writes the region status it found (`fallback: true` says so), so
 * later runs filter. The table's contents are kept for `cacheTtlMs` per
 * process; `invalidateActiveRegions()` drops them (the inventory sync calls
 * it when it has written fresh statuses).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import { processClock } from '../clock';
import { logger, metrics } from '../observability';

export const REGION_STATUS_CACHE_TTL_MS = 60_000;
/** How long an empty or uninitialized region is skipped before it is scanned again. */
export const QUIET_REGION_RECHECK_MS = 6 * 60 * 60_000;

export type RegionScanReason = 'active' | 'unknown' | 'last-scan-failed' | 'recheck-quiet' | 'fallback';

export interface AccountRegions {
  readonly accountId: string;
  /** The regions the operation could scan for this account (its registered regions, or every DRS region). */
  readonly regions: readonly string[];
}

export interface RegionScanTarget {
  readonly accountId: string;
  readonly region: string;
  readonly reason: RegionScanReason;
}

export interface RegionScanPlan {
  /** The account-regions to scan, in the order given. */
  readonly targets: RegionScanTarget[];
  /** The account-regions left out, with what the table says of them. */
  readonly skipped: Array<{ accountId: string; region: string; serverCount: number; initialized: boolean }>;
  /** True when the table was empty or unreadable and every region is scanned: the scanner should write region status. */
  readonly fallback: boolean;
  /** Why the filter fell back, when it did. */
  readonly fallbackReason?: 'empty' | 'unreadable';
  readonly regionsFound: number;
  readonly regionsScanned: number;
  readonly regionsSkipped: number;
  /** Share of per-region calls saved against scanning every region, 0–100, one decimal. */
  readonly callsSavedPercent: number;
}

export interface ActiveRegionFilterDependencies {
  readonly statuses: { listAll(): Promise<RegionStatusRecord[]> };
  /** The clock the cache and the recheck interval are judged on. @default the process clock */
  readonly now?: () => Date;
  /** @default REGION_STATUS_CACHE_TTL_MS */
  readonly cacheTtlMs?: number;
  /** @default QUIET_REGION_RECHECK_MS */
  readonly recheckAfterMs?: number;
}

interface CachedStatuses {
  readonly byKey: ReadonlyMap<string, RegionStatusRecord>;
  readonly readAtMs: number;
}

/** Per process: every filter in a function instance shares what it read. */
let cached: CachedStatuses | undefined;

/** Drops the kept region statuses; the next plan reads the table again. */
export function invalidateActiveRegions(): void {
  cached = undefined;
}

const keyOf = (accountId: string, region: string) => `${accountId}#${region}`;

export class ActiveRegionFilter {
  private readonly now: () => Date;
  private readonly cacheTtlMs: number;
  private readonly recheckAfterMs: number;

  constructor(private readonly deps: ActiveRegionFilterDependencies) {
    this.now = deps.now ?? (() => processClock.now());
    this.cacheTtlMs = deps.cacheTtlMs ?? REGION_STATUS_CACHE_TTL_MS;
    this.recheckAfterMs = deps.recheckAfterMs ?? QUIET_REGION_RECHECK_MS;
  }

  /**
   * Plans one run of `operation` (a name for logs and metrics) over these
   * accounts and regions; logs and emits regions found, scanned and skipped
   * and the share of calls saved.
   */
  async plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> {
    const all = accounts.flatMap((a) => a.regions.map((region) => ({ accountId: a.accountId, region })));
    const statuses = await this.statuses(operation);
    const plan = statuses.ok && statuses.byKey.size > 0 ? this.filter(all, statuses.byKey) : this.fallback(all, statuses.ok ? 'empty' : 'unreadable');
    this.report(operation, plan);
    return plan;
  }

  private async statuses(operation: string): Promise<{ ok: true; byKey: ReadonlyMap<string, RegionStatusRecord> } | { ok: false }> {
    const nowMs = this.now().getTime();
    if (cached && nowMs - cached.readAtMs < this.cacheTtlMs && nowMs >= cached.readAtMs) return { ok: true, byKey: cached.byKey };
    try {
      const records = await this.deps.statuses.listAll();
      const byKey = new Map(records.map((r) => [keyOf(r.accountId, r.region), r]));
      // An empty table is not kept: the fallback run is about to fill it.
      if (byKey.size > 0) cached = { byKey, readAtMs: nowMs };
      return { ok: true, byKey };
    } catch (error) {
      logger.warn('Region status unreadable: scanning every region', { operation, error: (error as Error).name, message: (error as Error).message });
      return { ok: false };
    }
  }

  private filter(all: ReadonlyArray<{ accountId: string; region: string }>, byKey: ReadonlyMap<string, RegionStatusRecord>): RegionScanPlan {
    const nowMs = this.now().getTime();
    const targets: RegionScanTarget[] = [];
    const skipped: RegionScanPlan['skipped'] = [];
    for (const { accountId, region } of all) {
      const status = byKey.get(keyOf(accountId, region));
      const reason: RegionScanReason | undefined = !status
        ? 'unknown'
        : status.lastError
          ? 'last-scan-failed'
          : status.initialized && status.serverCount > 0
            ? 'active'
            : nowMs - Date.parse(status.lastChecked) >= this.recheckAfterMs
              ? 'recheck-quiet'
              : undefined;
      if (reason) targets.push({ accountId, region, reason });
      else skipped.push({ accountId, region, serverCount: status!.serverCount, initialized: status!.initialized });
    }
    return summarize(targets, skipped, false);
  }

  private fallback(all: ReadonlyArray<{ accountId: string; region: string }>, why: 'empty' | 'unreadable'): RegionScanPlan {
    return { ...summarize(all.map((t) => ({ ...t, reason: 'fallback' as const })), [], true), fallbackReason: why };
  }

  private report(operation: string, plan: RegionScanPlan): void {
    const fields = {
      operation,
      regionsFound: plan.regionsFound,
      regionsScanned: plan.regionsScanned,
      regionsSkipped: plan.regionsSkipped,
      callsSavedPercent: plan.callsSavedPercent,
    };
    if (plan.fallback) logger.warn(`Region status ${plan.fallbackReason}: scanning every region, and recording what is found`, fields);
    else logger.info('Active regions planned', fields);
    metrics.addMetric('RegionsFound', MetricUnit.Count, plan.regionsFound);
    metrics.addMetric('RegionsScanned', MetricUnit.Count, plan.regionsScanned);
    metrics.addMetric('RegionsSkipped', MetricUnit.Count, plan.regionsSkipped);
    metrics.addMetric('RegionCallsSavedPercent', MetricUnit.Percent, plan.callsSavedPercent);
    if (plan.fallback) metrics.addMetric('RegionFilterFallback', MetricUnit.Count, 1);
  }
}

function summarize(targets: RegionScanTarget[], skipped: RegionScanPlan['skipped'], fallback: boolean): RegionScanPlan {
  const regionsFound = targets.length + skipped.length;
  return {
    targets,
    skipped,
    fallback,
    regionsFound,
    regionsScanned: targets.length,
    regionsSkipped: skipped.length,
    callsSavedPercent: regionsFound === 0 ? 0 : Math.round((skipped.length / regionsFound) * 1000) / 10,
  };
}
