/**
 * Calls every implemented operation with the real SDK clients, across
 * scenarios and job states, with conformance 'enforce': the estate validates
 * each response against the botocore output shape and the SDK must parse it.
 */
import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  ListTagsForResourceCommand,
  StartRecoveryCommand,
  TagResourceCommand,
  TerminateRecoveryInstancesCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-drs';
import { CreateTagsCommand, DescribeInstancesCommand, DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, type ManualClock, startEstate } from './helpers';

let sim: SimulatedEstate;
let clock: ManualClock;
beforeAll(async () => ({ sim, clock } = await startEstate()));
afterAll(() => sim.close());

async function exerciseEverything(): Promise<void> {
  const scenario = sim.scenario;
  for (const account of scenario.accounts) {
    const creds = { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
    const hub = clients(sim, credentialsOf(sim, scenario.hubAccountId));
    await hub.sts.send(new GetCallerIdentityCommand({}));
    if (account.role) await hub.sts.send(new AssumeRoleCommand({ RoleArn: account.role.roleArn, RoleSessionName: 'conformance', ExternalId: account.role.externalId }));
    for (const region of account.regions) {
      const { drs, ec2 } = clients(sim, creds, region);
      const servers = (await drs.send(new DescribeSourceServersCommand({ maxResults: 1000 }))).items!;
      if (servers.length > 0) {
        const resourceArn = servers[0]!.arn!;
        await drs.send(new TagResourceCommand({ resourceArn, tags: { CostCentre: 'cc-1', Owner: 'team' } }));
        await drs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['Owner'] }));
        await drs.send(new ListTagsForResourceCommand({ resourceArn }));
        const job = await drs.send(new StartRecoveryCommand({ sourceServers: servers.slice(0, 5).map((s) => ({ sourceServerID: s.sourceServerID! })), isDrill: true, tags: { k: 'v' } }));
        for (const step of [0, 60_000, 120_000, 300_000, 600_000, 3_600_000]) {
          clock.advance(step);
          await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job.job!.jobID!] } }));
          await drs.send(new DescribeJobLogItemsCommand({ jobID: job.job!.jobID! }));
          await drs.send(new DescribeRecoveryInstancesCommand({}));
          await ec2.send(new DescribeInstancesCommand({}));
        }
        await drs.send(new DescribeSourceServersCommand({}));
        // Every server, whatever its replication state, with its snapshots.
        for (const server of servers.slice(0, 40)) await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: server.sourceServerID!, order: 'DESC' }));
      }
      const recovery = (await drs.send(new DescribeRecoveryInstancesCommand({}))).items!;
      if (recovery.length > 0) {
        await drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: recovery.slice(0, 2).map((r) => r.recoveryInstanceID!) }));
        await drs.send(new DescribeRecoveryInstancesCommand({}));
        await ec2.send(new DescribeInstancesCommand({}));
        clock.advance(600_000);
      }
      await drs.send(new DescribeJobsCommand({}));
      const tags = (await ec2.send(new DescribeTagsCommand({ MaxResults: 5 }))).Tags ?? [];
      if (tags.length > 0) await ec2.send(new CreateTagsCommand({ Resources: [tags[0]!.ResourceId!], Tags: [{ Key: 'CostCentre', Value: 'cc-1' }] }));
      await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['terminated', 'shutting-down', 'stopped'] }] }));
    }
  }
}

describe('every response conforms to the botocore models', () => {
  it.each([
    ['demo', {}],
    ['demo', { launchFailureRate: 0.5, stuckJobRate: 0.3 }],
    ['scale', { recoveryInstances: 120 }],
    ['empty', {}],
  ])('%s %j', async (name, options) => {
    sim.loadScenario(name, 11, options);
    await exerciseEverything();
    expect(sim.conformanceViolations()).toEqual([]);
  });
});
