import '../../support/api/env';
import { DrsClient } from '@aws-sdk/client-drs';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { drsAccountListSchema, drsRegionListSchema, drsServiceStatusSchema } from '../../../contracts/api/regions';
import type { RegionStatusRecord } from '../../../contracts/records/region-status';
import type { TargetAccountRecord } from '../../../contracts/records/target-account';
import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import { RegionStatusRepository } from '../../../lib/repositories/region-status';
import { schemaErrors } from '../../../lib/validation';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { HUB_ACCOUNT, lambdaContext, TARGET_ACCOUNT, testDeps } from '../../support/api/fixtures';
import { mockSdkClient } from '../../support/api/sdk-mock';

type Answer = { statusCode: number; body: any };

const account = (accountId: string, name: string, regions: string[]): TargetAccountRecord => ({
  accountId,
  name,
  roleArn: accountId === HUB_ACCOUNT ? null : `arn:aws:iam::${accountId}:role/DrsOrchestratorTargetRole`,
  externalId: accountId === HUB_ACCOUNT ? null : 'external-id-0123456789',
  regions,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  lastValidation: null,
});
const status = (accountId: string, region: string, fields: Partial<RegionStatusRecord> = {}): RegionStatusRecord => ({
  accountId,
  region,
  serverCount: 0,
  initialized: true,
  lastChecked: '2030-01-02T03:00:00.000Z',
  lastError: null,
  ...fields,
});

const drs = mockSdkClient(DrsClient);
let dynamo: TestDynamo;
let deps: ApiDeps;
const call = async (operation: string, query: Record<string, unknown> = {}) => (await createApiHandler(deps)({ operation, ...query }, lambdaContext())) as Answer;

beforeAll(async () => {
  dynamo = await startDynamo();
  deps = await testDeps(dynamo);
  await deps.targetAccounts.create(account(HUB_ACCOUNT, 'Hub', ['us-east-1']));
  await deps.targetAccounts.create(account(TARGET_ACCOUNT, 'Production', [...DRS_COMMERCIAL_REGIONS]));
  const statuses = deps.regionStatus as RegionStatusRepository;
  await statuses.put(status(HUB_ACCOUNT, 'us-east-1', { serverCount: 0 }));
  await statuses.put(status(TARGET_ACCOUNT, 'us-east-1', { serverCount: 12 }));
  await statuses.put(status(TARGET_ACCOUNT, 'eu-west-1', { serverCount: 5, lastChecked: '2030-01-02T01:00:00.000Z' }));
  await statuses.put(status(TARGET_ACCOUNT, 'ap-south-1', { initialized: false }));
  await statuses.put(status(TARGET_ACCOUNT, 'us-west-2', { lastError: { errorName: 'AccessDeniedError', message: 'denied', at: '2030-01-02T03:00:00.000Z' } }));
});
afterAll(async () => {
  drs.restore();
  deps.awsClients.destroy();
  await dynamo.close();
});
afterEach(() => expect(drs.calls()).toEqual([]));

describe('list_drs_regions', () => {
  it('answers every DRS region × registered account from the region status table, never DRS', async () => {
    const answer = await call('list_drs_regions');
    expect(answer.statusCode).toBe(200);
    expect(schemaErrors(drsRegionListSchema, answer.body)).toEqual([]);
    expect(answer.body.regions).toHaveLength(2 * 28);
    expect(answer.body.summary).toEqual({ accounts: 2, regions: 56, active: 2, inactive: 3, unknown: 51, serverCount: 17 });
    const row = (accountId: string, region: string) => answer.body.regions.find((r: any) => r.accountId === accountId && r.region === region);
    expect(row(TARGET_ACCOUNT, 'us-east-1')).toEqual({
      accountId: TARGET_ACCOUNT,
      accountName: 'Production',
      region: 'us-east-1',
      registered: true,
      status: 'active',
      serverCount: 12,
      initialized: true,
      lastChecked: '2030-01-02T03:00:00.000Z',
      lastError: null,
    });
    expect(row(TARGET_ACCOUNT, 'ap-south-1')).toMatchObject({ status: 'inactive', initialized: false });
    expect(row(TARGET_ACCOUNT, 'us-west-2')).toMatchObject({ status: 'inactive', lastError: { errorName: 'AccessDeniedError' } });
    expect(row(TARGET_ACCOUNT, 'sa-east-1')).toMatchObject({ status: 'unknown', serverCount: null, initialized: null, lastChecked: null });
    expect(row(HUB_ACCOUNT, 'eu-west-1')).toMatchObject({ registered: false, status: 'unknown' });
  });

  it('filters by account, status and registration', async () => {
    expect((await call('list_drs_regions', { accountId: HUB_ACCOUNT })).body.regions).toHaveLength(28);
    const active = (await call('list_drs_regions', { status: 'active' })).body.regions.map((r: any) => r.region);
    expect(active.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect((await call('list_drs_regions', { registered: 'true' })).body.summary.regions).toBe(29);
  });

  it('refuses an unknown status with 400', async () => {
    const answer = await call('list_drs_regions', { status: 'busy' });
    expect(answer.statusCode).toBe(400);
  });
});

describe('get_drs_service', () => {
  it('says whether DRS is initialized in an account-region, UNKNOWN before any scan, the hub account by default', async () => {
    const initialized = await call('get_drs_service', { region: 'us-east-1', accountId: TARGET_ACCOUNT });
    expect(initialized).toMatchObject({ statusCode: 200, body: { status: 'INITIALIZED', initialized: true, serverCount: 12 } });
    expect(schemaErrors(drsServiceStatusSchema, initialized.body)).toEqual([]);
    expect((await call('get_drs_service', { region: 'ap-south-1', accountId: TARGET_ACCOUNT })).body).toMatchObject({ status: 'NOT_INITIALIZED', initialized: false });
    expect((await call('get_drs_service', { region: 'sa-east-1', accountId: TARGET_ACCOUNT })).body).toMatchObject({ status: 'UNKNOWN', initialized: null, lastChecked: null });
    expect((await call('get_drs_service', { region: 'us-east-1' })).body).toMatchObject({ accountId: HUB_ACCOUNT, status: 'INITIALIZED', serverCount: 0 });
  });

  it('needs a region: 400 without one', async () => {
    expect((await call('get_drs_service')).statusCode).toBe(400);
  });
});

describe('list_drs_accounts', () => {
  it('answers { accounts } with each account\'s active and initialized regions and server count', async () => {
    const answer = await call('list_drs_accounts');
    expect(answer.statusCode).toBe(200);
    expect(schemaErrors(drsAccountListSchema, answer.body)).toEqual([]);
    expect(answer.body.accounts).toEqual([
      { accountId: HUB_ACCOUNT, accountName: 'Hub', isCurrentAccount: true, regions: ['us-east-1'], activeRegions: [], initializedRegions: ['us-east-1'], serverCount: 0, lastChecked: '2030-01-02T03:00:00.000Z' },
      {
        accountId: TARGET_ACCOUNT,
        accountName: 'Production',
        isCurrentAccount: false,
        regions: [...DRS_COMMERCIAL_REGIONS],
        activeRegions: expect.arrayContaining(['us-east-1', 'eu-west-1']),
        initializedRegions: expect.arrayContaining(['us-east-1', 'eu-west-1', 'us-west-2']),
        serverCount: 17,
        // Most of its regions were never scanned.
        lastChecked: null,
      },
    ]);
  });
});
