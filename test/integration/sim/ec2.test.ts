import { DescribeInstancesCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, startEstate } from './helpers';

let sim: SimulatedEstate;
beforeAll(async () => ({ sim } = await startEstate()));
afterAll(() => sim.close());

const ec2 = (accountId = '333333333333', region = 'eu-west-1') => clients(sim, credentialsOf(sim, accountId), region).ec2;

describe('EC2 DescribeInstances', () => {
  it('returns reservations with the instance fields the orchestrator reads', async () => {
    const out = await ec2().send(new DescribeInstancesCommand({}));
    const instances = out.Reservations!.flatMap((r) => r.Instances!);
    // 20 live recovery instances from the EU storefront drill plus 3 workload instances.
    expect(instances.filter((i) => i.State!.Name === 'running')).toHaveLength(23);
    const recovery = instances.find((i) => i.Tags?.some((t) => t.Key === 'AWSElasticDisasterRecoveryManaged'))!;
    expect(recovery).toMatchObject({ State: { Code: 16, Name: 'running' }, Placement: { AvailabilityZone: expect.stringMatching(/^eu-west-1[abc]$/) } });
    expect(recovery.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(recovery.LaunchTime).toBeInstanceOf(Date);
    expect(recovery.VpcId).toMatch(/^vpc-/);
    expect(recovery.SubnetId).toMatch(/^subnet-/);
    expect(recovery.PrivateIpAddress).toMatch(/^10\./);
    expect(recovery.SecurityGroups![0]!.GroupId).toMatch(/^sg-/);
    expect(recovery.IamInstanceProfile!.Arn).toContain(':instance-profile/AWSElasticDisasterRecoveryRecoveryInstanceRole');
    // DRS copies the source server's tags (copyTags), never StartRecovery's.
    expect(recovery.Tags).toEqual(expect.arrayContaining([{ Key: 'Environment', Value: 'production' }]));
    expect(instances.flatMap((i) => i.Tags ?? []).filter((t) => t.Key!.startsWith('drs-orchestrator:'))).toEqual([]);
    expect(instances.some((i) => i.PublicIpAddress)).toBe(true);
    expect(instances.some((i) => !i.PublicIpAddress)).toBe(true);
  });

  it('filters by tag, tag-key, state and id, with wildcards', async () => {
    const byTag = await ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Tier', Values: ['db'] }] }));
    expect(byTag.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(4);
    const byKey = await ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['AWSElasticDisasterRecoveryManaged'] }, { Name: 'instance-state-name', Values: ['running'] }] }));
    expect(byKey.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(20);
    const byWildcard = await ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['storefront-web-0?'] }] }));
    expect(byWildcard.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(8);
    const id = byTag.Reservations![0]!.Instances![0]!.InstanceId!;
    const byId = await ec2().send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(byId.Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).toEqual([id]);
    const stopped = await ec2('222222222222', 'us-east-1').send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }));
    expect(stopped.Reservations!.flatMap((r) => r.Instances!).every((i) => i.Tags!.some((t) => t.Key === 'AWSDRS'))).toBe(true);
  });

  it('paginates with MaxResults/NextToken', async () => {
    const pages: number[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2(), pageSize: 5 }, {})) pages.push(page.Reservations!.flatMap((r) => r.Instances!).length);
    expect(pages).toEqual([5, 5, 5, 5, 3]);
  });

  it('names unknown ids in InvalidInstanceID.NotFound', async () => {
    const error = await failure(ec2().send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000000a', 'i-0000000000000000b'] })));
    expect(error.name).toBe('InvalidInstanceID.NotFound');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe("The instance IDs 'i-0000000000000000a, i-0000000000000000b' do not exist");
  });

  it('rejects InstanceIds with MaxResults, a bad MaxResults and an unknown filter, as EC2 does', async () => {
    const combo = await failure(ec2().send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000000a'], MaxResults: 5 })));
    expect(combo.name).toBe('InvalidParameterCombination');
    expect((await failure(ec2().send(new DescribeInstancesCommand({ MaxResults: 2 })))).name).toBe('InvalidParameterValue');
    const filter = await failure(ec2().send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })));
    expect(filter.message).toBe("The filter 'colour' is invalid");
  });

  it('keeps state per account and region', async () => {
    const out = await ec2('333333333333', 'us-west-2').send(new DescribeInstancesCommand({}));
    expect(out.Reservations).toEqual([]);
  });
});
