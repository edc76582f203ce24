/** Summaries of the simulated estate's call counters (`sim.calls()`, the same figures as `GET /_sim/calls`). */
import type { CallCount } from '../local/sim';

export interface CallSummary {
  readonly total: number;
  /** By service: drs, ec2, sts, ssm. */
  readonly byService: Record<string, number>;
  /** By `service:Operation`. */
  readonly byOperation: Record<string, number>;
  /** DRS + EC2 calls by `account/region` (STS is per account, not per region, and is counted apart). */
  readonly drsEc2ByAccountRegion: Record<string, number>;
}

const sorted = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

export function summarizeCalls(calls: readonly CallCount[]): CallSummary {
  const byService: Record<string, number> = {};
  const byOperation: Record<string, number> = {};
  const drsEc2ByAccountRegion: Record<string, number> = {};
  let total = 0;
  for (const c of calls) {
    total += c.count;
    byService[c.service] = (byService[c.service] ?? 0) + c.count;
    byOperation[`${c.service}:${c.operation}`] = (byOperation[`${c.service}:${c.operation}`] ?? 0) + c.count;
    if (c.service === 'drs' || c.service === 'ec2') {
      const key = `${c.accountId}/${c.region}`;
      drsEc2ByAccountRegion[key] = (drsEc2ByAccountRegion[key] ?? 0) + c.count;
    }
  }
  return { total, byService: sorted(byService), byOperation: sorted(byOperation), drsEc2ByAccountRegion: sorted(drsEc2ByAccountRegion) };
}

export const drsEc2 = (summary: CallSummary) => (summary.byService.drs ?? 0) + (summary.byService.ec2 ?? 0);
