import fc from 'fast-check';
import type { RegionStatusRecord } from '../../../contracts/records/region-status';
import { ActiveRegionFilter, invalidateActiveRegions, QUIET_REGION_RECHECK_MS, REGION_STATUS_CACHE_TTL_MS } from '../../../lib/regions/active-region-filter';
import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import { logger } from '../../../lib/observability';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const ACCOUNT = '222222222222';
const iso = (ms: number) => new Date(ms).toISOString();
const status = (region: string, fields: Partial<RegionStatusRecord> = {}): RegionStatusRecord => ({
  accountId: ACCOUNT,
  region,
  serverCount: 0,
  initialized: true,
  lastChecked: iso(T0 - 60_000),
  lastError: null,
  ...fields,
});

/** A filter on a table held in memory, with a clock the test moves. */
function setup(records: RegionStatusRecord[] | (() => Promise<RegionStatusRecord[]>)) {
  let now = T0;
  const listAll = jest.fn(typeof records === 'function' ? records : async () => records);
  const filter = new ActiveRegionFilter({ statuses: { listAll }, now: () => new Date(now) });
  return { filter, listAll, advance: (ms: number) => (now += ms) };
}

beforeEach(() => invalidateActiveRegions());
afterEach(() => jest.restoreAllMocks());

describe('ActiveRegionFilter', () => {
  it('keeps active regions and skips quiet ones, with every reason, and says how many calls it saves', async () => {
    const { filter } = setup([
      status('us-east-1', { serverCount: 4 }),
      status('us-west-2', { lastError: { errorName: 'ThrottlingError', message: 'slow down', at: iso(T0 - 60_000) } }),
      status('eu-west-1', { serverCount: 0, lastChecked: iso(T0 - QUIET_REGION_RECHECK_MS) }),
      status('eu-central-1', { serverCount: 0 }),
      status('ap-south-1', { serverCount: 0, initialized: false }),
      // Initialized=false with a stale count is not active: DRS says nothing is there.
      status('sa-east-1', { serverCount: 2, initialized: false }),
    ]);
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'sa-east-1', 'ca-central-1'];
    const plan = await filter.plan('test-op', [{ accountId: ACCOUNT, regions }]);
    expect(plan.targets).toEqual([
      { accountId: ACCOUNT, region: 'us-east-1', reason: 'active' },
      { accountId: ACCOUNT, region: 'us-west-2', reason: 'last-scan-failed' },
      { accountId: ACCOUNT, region: 'eu-west-1', reason: 'recheck-quiet' },
      { accountId: ACCOUNT, region: 'ca-central-1', reason: 'unknown' },
    ]);
    expect(plan.skipped).toEqual([
      { accountId: ACCOUNT, region: 'eu-central-1', serverCount: 0, initialized: true },
      { accountId: ACCOUNT, region: 'ap-south-1', serverCount: 0, initialized: false },
      { accountId: ACCOUNT, region: 'sa-east-1', serverCount: 2, initialized: false },
    ]);
    expect(plan).toMatchObject({ fallback: false, regionsFound: 7, regionsScanned: 4, regionsSkipped: 3, callsSavedPercent: 42.9 });
  });

  it('3 active regions of 28 save 89.3% of the per-region calls', async () => {
    const active = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);
    const { filter } = setup(DRS_COMMERCIAL_REGIONS.map((r) => status(r, { serverCount: active.has(r) ? 10 : 0 })));
    const plan = await filter.plan('test-op', [{ accountId: ACCOUNT, regions: DRS_COMMERCIAL_REGIONS }]);
    expect(plan.targets.map((t) => t.region).sort()).toEqual([...active].sort());
    expect(plan.callsSavedPercent).toBe(89.3);
  });

  it('callsSavedPercent is the skipped share, one decimal, 0 for nothing to plan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 0, maxLength: 28 }), async (activeFlags) => {
        invalidateActiveRegions();
        const regions = DRS_COMMERCIAL_REGIONS.slice(0, activeFlags.length);
        const { filter } = setup([status('us-east-1', { accountId: '999999999999', serverCount: 1 }), ...regions.map((r, i) => status(r, { serverCount: activeFlags[i] ? 1 : 0 }))]);
        const plan = await filter.plan('test-op', [{ accountId: ACCOUNT, regions }]);
        const skipped = activeFlags.filter((a) => !a).length;
        expect(plan.regionsSkipped).toBe(skipped);
        expect(plan.callsSavedPercent).toBe(regions.length === 0 ? 0 : Math.round((skipped / regions.length) * 1000) / 10);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps what it read for 60 s on the injected clock, then reads the table again', async () => {
    const { filter, listAll, advance } = setup([status('us-east-1', { serverCount: 1 })]);
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    advance(REGION_STATUS_CACHE_TTL_MS - 1);
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    expect(listAll).toHaveBeenCalledTimes(1);
    advance(1);
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    expect(listAll).toHaveBeenCalledTimes(2);
  });

  it('the cache is shared by every filter of the process, and invalidateActiveRegions drops it', async () => {
    const first = setup([status('us-east-1', { serverCount: 1 })]);
    await first.filter.plan('a', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    const second = setup([status('us-east-1', { serverCount: 0 })]);
    expect((await second.filter.plan('b', [{ accountId: ACCOUNT, regions: ['us-east-1'] }])).targets).toHaveLength(1);
    expect(second.listAll).not.toHaveBeenCalled();
    invalidateActiveRegions();
    expect((await second.filter.plan('b', [{ accountId: ACCOUNT, regions: ['us-east-1'] }])).targets).toEqual([]);
    expect(second.listAll).toHaveBeenCalledTimes(1);
  });

  it('a clock that went backwards does not serve the cache', async () => {
    const { filter, listAll, advance } = setup([status('us-east-1', { serverCount: 1 })]);
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    advance(-1);
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    expect(listAll).toHaveBeenCalledTimes(2);
  });

  it('falls back to every region with a warning when the table is empty, and does not keep the empty answer', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const { filter, listAll } = setup([]);
    const plan = await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }]);
    expect(plan).toMatchObject({ fallback: true, fallbackReason: 'empty', regionsScanned: 2, regionsSkipped: 0, callsSavedPercent: 0 });
    expect(plan.targets.every((t) => t.reason === 'fallback')).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Region status empty/), expect.objectContaining({ operation: 'test-op', regionsScanned: 2 }));
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    expect(listAll).toHaveBeenCalledTimes(2);
  });

  it('falls back to every region with a warning when the table cannot be read, and tries again next time', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const denied = Object.assign(new Error('not authorized to Scan'), { name: 'AccessDeniedError' });
    const { filter, listAll } = setup(async () => {
      throw denied;
    });
    const plan = await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }]);
    expect(plan).toMatchObject({ fallback: true, fallbackReason: 'unreadable', regionsScanned: 2 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/unreadable/), expect.objectContaining({ operation: 'test-op', error: 'AccessDeniedError' }));
    await filter.plan('test-op', [{ accountId: ACCOUNT, regions: ['us-east-1'] }]);
    expect(listAll).toHaveBeenCalledTimes(2);
  });
});
