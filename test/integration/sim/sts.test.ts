import { DescribeSourceServersCommand, TerminateRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, type ManualClock, startEstate } from './helpers';

let sim: SimulatedEstate;
let clock: ManualClock;
// Credentials expire by the credential clock (real time by default); here it is the test's manual clock.
const credentialTime = { now: Date.now };
beforeAll(async () => {
  ({ sim, clock } = await startEstate({ credentialClock: () => credentialTime.now() }));
  credentialTime.now = () => clock.now();
});
afterAll(() => sim.close());

const HUB = '111111111111';
const TARGET = '222222222222';

describe('STS', () => {
  it('GetCallerIdentity names the account and user of the access key', async () => {
    const out = await clients(sim, credentialsOf(sim, HUB)).sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: HUB, Arn: `arn:aws:iam::${HUB}:user/drs-orchestrator` });
    expect(out.UserId).toMatch(/^AIDA/);
  });

  it('AssumeRole with the right ExternalId returns session credentials that act as the target account', async () => {
    const role = sim.scenario.accounts.find((a) => a.accountId === TARGET)!.role!;
    const out = await clients(sim, credentialsOf(sim, HUB)).sts.send(
      new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'orchestrator', ExternalId: role.externalId, DurationSeconds: 900 }),
    );
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials!.Expiration!.getTime()).toBe(clock.now() + 900_000);
    expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/DrsOrchestratorTargetRole/orchestrator`);

    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const asTarget = clients(sim, session);
    expect(await asTarget.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: TARGET, Arn: out.AssumedRoleUser!.Arn });
    const servers = await asTarget.drs.send(new DescribeSourceServersCommand({}));
    expect(servers.items!.every((s) => s.arn!.includes(`:${TARGET}:`))).toBe(true);

    // The session expires on the credential clock, here the manual one.
    clock.advance(901_000);
    const expired = await failure(asTarget.sts.send(new GetCallerIdentityCommand({})));
    expect(expired.name).toBe('ExpiredToken');
    const expiredDrs = await failure(asTarget.drs.send(new DescribeSourceServersCommand({})));
    expect(expiredDrs.name).toBe('ExpiredTokenException');
  });

  it.each([
    ['a missing ExternalId', undefined],
    ['a wrong ExternalId', 'guess'],
  ])('AssumeRole with %s is AccessDenied (403)', async (_label, externalId) => {
    const role = sim.scenario.accounts.find((a) => a.accountId === TARGET)!.role!;
    const error = await failure(
      clients(sim, credentialsOf(sim, HUB)).sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'orchestrator', ExternalId: externalId })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain('is not authorized to perform: sts:AssumeRole');
  });

  it('AssumeRole is denied to an account the role does not trust, and for a role that does not exist', async () => {
    const role = sim.scenario.accounts.find((a) => a.accountId === TARGET)!.role!;
    const fromOther = clients(sim, credentialsOf(sim, '333333333333')).sts;
    expect((await failure(fromOther.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: 'x1', ExternalId: role.externalId })))).name).toBe('AccessDenied');
    const hub = clients(sim, credentialsOf(sim, HUB)).sts;
    const missing = await failure(hub.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TARGET}:role/Nope`, RoleSessionName: 'x1', ExternalId: role.externalId })));
    expect(missing.name).toBe('AccessDenied');
  });

  it('an unknown access key is InvalidClientTokenId', async () => {
    const error = await failure(clients(sim, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).sts.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });
});

describe('STS session policies', () => {
  const role = () => sim.scenario.accounts.find((a) => a.accountId === TARGET)!.role!;
  async function sessionWith(policy: string) {
    const out = await clients(sim, credentialsOf(sim, HUB)).sts.send(
      new AssumeRoleCommand({ RoleArn: role().roleArn, RoleSessionName: 'reader', ExternalId: role().externalId, Policy: policy }),
    );
    return clients(sim, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
  }

  it('a session may call only what its session policy allows: reads pass, a write is AccessDenied', async () => {
    const reader = await sessionWith(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['drs:Describe*'], Resource: '*' }] }));
    expect((await reader.drs.send(new DescribeSourceServersCommand({}))).items!.length).toBeGreaterThan(0);
    // GetCallerIdentity needs no permission, as in AWS.
    expect(await reader.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: TARGET });
    const denied = await failure(reader.drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ['i-1234567890abcdef0'] })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('because no session policy allows the drs:TerminateRecoveryInstances action');
  });

  it('an explicit Deny wins over an Allow', async () => {
    const reader = await sessionWith(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'drs:*', Resource: '*' }, { Effect: 'Deny', Action: 'drs:DescribeSourceServers', Resource: '*' }] }));
    expect((await failure(reader.drs.send(new DescribeSourceServersCommand({})))).name).toBe('AccessDeniedException');
  });

  it('a policy that is not a policy is MalformedPolicyDocument; a longer one than 2,048 characters is PackedPolicyTooLarge', async () => {
    const sts = clients(sim, credentialsOf(sim, HUB)).sts;
    const assume = (Policy: string) => failure(sts.send(new AssumeRoleCommand({ RoleArn: role().roleArn, RoleSessionName: 'reader', ExternalId: role().externalId, Policy })));
    expect((await assume('{not json')).name).toBe('MalformedPolicyDocumentException');
    expect((await assume(JSON.stringify({ Statement: [{ Effect: 'Maybe', Action: 'drs:*', Resource: '*' }] }))).name).toBe('MalformedPolicyDocumentException');
    const long = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: Array.from({ length: 100 }, (_, i) => `drs:DescribeThing${i}`), Resource: '*' }] });
    expect((await assume(long)).name).toBe('PackedPolicyTooLargeException');
  });
});
