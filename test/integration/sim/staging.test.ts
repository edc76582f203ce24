/**
 * DRS staging accounts and extended source servers through the real SDK
 * client, conformance enforced: ListStagingAccounts, ListExtensibleSourceServers,
 * CreateExtendedSourceServer and DeleteSourceServer on the demo's staging
 * account 444444444444, which trusts account A (222222222222) in us-east-1.
 */
import {
  CreateExtendedSourceServerCommand,
  DeleteSourceServerCommand,
  DescribeSourceServersCommand,
  ListExtensibleSourceServersCommand,
  ListStagingAccountsCommand,
  paginateListExtensibleSourceServers,
  type SourceServer,
  type StagingSourceServer,
} from '@aws-sdk/client-drs';
import type { SimulatedEstate } from '../../../local/sim';
import { DEMO_STAGING_ACCOUNT } from '../../../local/sim/scenarios/demo';
import { clients, credentialsOf, failure, type ManualClock, startEstate } from './helpers';

const A = '222222222222';
const B = '333333333333';
const REGION = 'us-east-1';

let sim: SimulatedEstate;
let clock: ManualClock;
beforeAll(async () => ({ sim, clock } = await startEstate()));
afterAll(() => sim.close());
beforeEach(() => sim.loadScenario('demo', 1));

const drsOf = (accountId: string, region = REGION) => clients(sim, credentialsOf(sim, accountId), region).drs;

async function extensible(accountId = A): Promise<StagingSourceServer[]> {
  const all: StagingSourceServer[] = [];
  for await (const page of paginateListExtensibleSourceServers({ client: drsOf(accountId), pageSize: 3 }, { stagingAccountID: DEMO_STAGING_ACCOUNT })) all.push(...(page.items ?? []));
  return all;
}

async function serversOf(accountId: string): Promise<SourceServer[]> {
  return (await drsOf(accountId).send(new DescribeSourceServersCommand({}))).items!;
}

const staging = () => sim.scenario.stagingAccounts.find((s) => s.accountId === DEMO_STAGING_ACCOUNT)!;

describe('ListStagingAccounts', () => {
  it('lists the staging accounts the caller already has extended servers from, and nothing where it has none', async () => {
    expect((await drsOf(A).send(new ListStagingAccountsCommand({}))).accounts).toEqual([{ accountID: DEMO_STAGING_ACCOUNT }]);
    expect((await drsOf(B).send(new ListStagingAccountsCommand({}))).accounts).toEqual([]);
  });

  it('takes maxResults from the query string, up to 50 as the model bounds it', async () => {
    expect((await drsOf(A).send(new ListStagingAccountsCommand({ maxResults: 50 }))).accounts).toEqual([{ accountID: DEMO_STAGING_ACCOUNT }]);
    const error = await failure(drsOf(A).send(new ListStagingAccountsCommand({ maxResults: 51 })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
    expect(error).toMatchObject({ fieldList: [{ name: 'maxResults', message: expect.stringMatching(/at most 50|maximum|<= ?50|50/) }] });
  });
});

describe('ListExtensibleSourceServers', () => {
  it('lists, page by page, the staging servers not extended into the caller yet', async () => {
    const items = await extensible();
    const listed = staging().sourceServers;
    expect(items).toHaveLength(listed.filter((s) => s.extendedInto.length === 0).length);
    expect(items).toHaveLength(8);
    for (const item of items) {
      const server = listed.find((s) => s.arn === item.arn)!;
      expect(server.extendedInto).toEqual([]);
      expect(item.hostname).toBe(server.hostname);
      expect(item.tags).toMatchObject({ Application: 'analytics' });
    }
  });

  it('answers AccessDeniedException to an account the staging account does not trust, ValidationException for the caller’s own account', async () => {
    const denied = await failure(drsOf(B).send(new ListExtensibleSourceServersCommand({ stagingAccountID: DEMO_STAGING_ACCOUNT })));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    const own = await failure(drsOf(A).send(new ListExtensibleSourceServersCommand({ stagingAccountID: A })));
    expect(own.name).toBe('ValidationException');
  });

  it('lists nothing in a region where the staging account has no servers', async () => {
    const west = await drsOf(A, 'us-west-2').send(new ListExtensibleSourceServersCommand({ stagingAccountID: DEMO_STAGING_ACCOUNT }));
    expect(west.items).toEqual([]);
  });
});

describe('CreateExtendedSourceServer', () => {
  it('creates a server in the caller’s account that mirrors its staging server, and it is no longer extensible', async () => {
    const target = staging().sourceServers.find((s) => s.extendedInto.length === 0 && s.ebsEncryption === 'CUSTOM')!;
    const before = (await serversOf(A)).length;
    const { sourceServer } = await drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: target.arn, tags: { ExtendedBy: 'test' } }));
    expect(sourceServer!.arn).toMatch(new RegExp(`^arn:aws:drs:${REGION}:${A}:source-server/s-`));
    expect(sourceServer!.stagingArea).toEqual({ status: 'EXTENDED', stagingAccountID: DEMO_STAGING_ACCOUNT, stagingSourceServerArn: target.arn });
    expect(sourceServer!.tags).toEqual({ ExtendedBy: 'test' });
    const [original] = (await drsOf(DEMO_STAGING_ACCOUNT).send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [target.sourceServerId] } }))).items!;
    expect(sourceServer!.sourceProperties?.identificationHints?.hostname).toBe(target.hostname);
    expect(sourceServer!.dataReplicationInfo?.dataReplicationState).toBe(original!.dataReplicationInfo?.dataReplicationState);
    expect(sourceServer!.dataReplicationInfo?.lagDuration).toBe(original!.dataReplicationInfo?.lagDuration);
    expect((await serversOf(A)).length).toBe(before + 1);
    expect((await extensible()).map((s) => s.arn)).not.toContain(target.arn);
  });

  it('mirrors replication over time: the extension disconnects when its staging server does', async () => {
    const target = staging().sourceServers.find((s) => s.extendedInto.length === 0 && s.ebsEncryption === 'CUSTOM')!;
    sim.loadScenario('demo', 1, { replicationEvents: [{ sourceServerID: target.sourceServerId, action: 'disconnect', afterSeconds: 60 }] });
    const again = await drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: target.arn }));
    expect(again.sourceServer!.dataReplicationInfo?.dataReplicationState).not.toBe('DISCONNECTED');
    clock.advance(120_000);
    const [extension] = (await drsOf(A).send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [again.sourceServer!.sourceServerID!] } }))).items!;
    expect(extension!.dataReplicationInfo?.dataReplicationState).toBe('DISCONNECTED');
  });

  it('refuses a server already extended into the caller, and one whose volumes use the default EBS key, with ValidationException', async () => {
    const extended = staging().sourceServers.find((s) => s.extendedInto.includes(A))!;
    const twice = await failure(drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: extended.arn })));
    expect([twice.name, twice.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
    const defaultKey = staging().sourceServers.find((s) => s.ebsEncryption === 'DEFAULT')!;
    const ebs = await failure(drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: defaultKey.arn })));
    expect([ebs.name, ebs.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
    expect(ebs.message).toMatch(/aws\/ebs/);
  });

  it('answers AccessDenied without trust, ResourceNotFound for an unknown server, ValidationException for another region', async () => {
    const target = staging().sourceServers.find((s) => s.extendedInto.length === 0 && s.ebsEncryption === 'CUSTOM')!;
    expect((await failure(drsOf(B).send(new CreateExtendedSourceServerCommand({ sourceServerArn: target.arn })))).name).toBe('AccessDeniedException');
    const unknown = target.arn.replace(/s-[0-9a-zA-Z]{17}$/, 's-0000000000000000f');
    expect((await failure(drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: unknown })))).name).toBe('ResourceNotFoundException');
    const otherRegion = await failure(drsOf(A, 'us-west-2').send(new CreateExtendedSourceServerCommand({ sourceServerArn: target.arn })));
    expect(otherRegion.name).toBe('ValidationException');
  });

  it('answers ServiceQuotaExceededException (402) once the account holds its quota of source servers', async () => {
    const held = (await serversOf(A)).length;
    sim.loadScenario('demo', 1, { sourceServerQuota: held + 1 });
    const [first, second] = staging().sourceServers.filter((s) => s.extendedInto.length === 0 && s.ebsEncryption === 'CUSTOM');
    await drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: first!.arn }));
    const quota = await failure(drsOf(A).send(new CreateExtendedSourceServerCommand({ sourceServerArn: second!.arn })));
    expect([quota.name, quota.$metadata.httpStatusCode]).toEqual(['ServiceQuotaExceededException', 402]);
    expect((quota as unknown as { quotaCode?: string }).quotaCode).toBeDefined();
  });
});

describe('DeleteSourceServer', () => {
  it('refuses a connected server with ConflictException, deletes a disconnected one, and its extensions turn EXTENSION_ERROR', async () => {
    const target = staging().sourceServers.find((s) => s.extendedInto.includes(A))!;
    const stagingDrs = drsOf(DEMO_STAGING_ACCOUNT);
    const connected = await failure(stagingDrs.send(new DeleteSourceServerCommand({ sourceServerID: target.sourceServerId })));
    expect([connected.name, connected.$metadata.httpStatusCode]).toEqual(['ConflictException', 409]);
    sim.loadScenario('demo', 1, { replicationEvents: [{ sourceServerID: target.sourceServerId, action: 'disconnect' }] });
    await stagingDrs.send(new DeleteSourceServerCommand({ sourceServerID: target.sourceServerId }));
    const left = (await stagingDrs.send(new DescribeSourceServersCommand({}))).items!.map((s) => s.sourceServerID);
    expect(left).not.toContain(target.sourceServerId);
    const extension = (await serversOf(A)).find((s) => s.stagingArea?.stagingSourceServerArn === target.arn)!;
    expect(extension.stagingArea).toMatchObject({ status: 'EXTENSION_ERROR', errorMessage: expect.stringContaining(target.arn) });
    expect((await failure(stagingDrs.send(new DeleteSourceServerCommand({ sourceServerID: target.sourceServerId })))).name).toBe('ResourceNotFoundException');
  });

  it('shows the demo’s orphaned extension as EXTENSION_ERROR with its error message', async () => {
    const errors = (await serversOf(A)).filter((s) => s.stagingArea?.status === 'EXTENSION_ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.stagingArea!.errorMessage).toMatch(/no longer exists/);
    expect((await serversOf(A)).filter((s) => s.stagingArea?.status === 'EXTENDED')).toHaveLength(4);
  });
});
