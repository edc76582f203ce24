/** DRS TagResource/UntagResource/ListTagsForResource and EC2 DescribeTags/CreateTags through the real SDK clients. */
import { DescribeSourceServersCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-drs';
import { CreateTagsCommand, DescribeTagsCommand, paginateDescribeTags } from '@aws-sdk/client-ec2';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, startEstate } from './helpers';

let sim: SimulatedEstate;
beforeAll(async () => ({ sim } = await startEstate()));
afterAll(() => sim.close());

const aws = (accountId = '333333333333', region = 'eu-west-1') => clients(sim, credentialsOf(sim, accountId), region);

async function firstServerArn(): Promise<string> {
  return (await aws().drs.send(new DescribeSourceServersCommand({ maxResults: 1 }))).items![0]!.arn!;
}

describe('DRS tags', () => {
  it('adds, overwrites, lists and removes tags on a source server', async () => {
    const { drs } = aws();
    const resourceArn = await firstServerArn();
    await drs.send(new TagResourceCommand({ resourceArn, tags: { CostCentre: 'cc-1', Owner: 'payments' } }));
    await drs.send(new TagResourceCommand({ resourceArn, tags: { CostCentre: 'cc-2' } }));
    expect((await drs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toMatchObject({ CostCentre: 'cc-2', Owner: 'payments' });
    await drs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['Owner', 'NotThere'] }));
    const after = (await drs.send(new ListTagsForResourceCommand({ resourceArn }))).tags!;
    expect(after.Owner).toBeUndefined();
    const described = await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [resourceArn.split('/')[1]!] } }));
    expect(described.items![0]!.tags).toEqual(after);
  });

  it('answers ResourceNotFoundException for an unknown ARN and for another account’s resource', async () => {
    const resourceArn = await firstServerArn();
    const unknown = await failure(aws().drs.send(new ListTagsForResourceCommand({ resourceArn: resourceArn.replace(/s-[0-9a-f]+$/, 's-0000000000000000f') })));
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    const foreign = await failure(aws('222222222222', 'eu-west-1').drs.send(new TagResourceCommand({ resourceArn, tags: { a: 'b' } })));
    expect(foreign.name).toMatch(/ResourceNotFoundException|UninitializedAccountException/);
  });

  it('refuses aws: keys and more than 50 tags, leaving the tags as they were', async () => {
    const { drs } = aws();
    const resourceArn = await firstServerArn();
    const before = (await drs.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
    const reserved = await failure(drs.send(new TagResourceCommand({ resourceArn, tags: { 'aws:cloudformation:stack-name': 'x' } })));
    expect([reserved.name, reserved.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect((await failure(drs.send(new TagResourceCommand({ resourceArn, tags: many })))).name).toBe('ValidationException');
    expect((await drs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual(before);
  });
});

describe('EC2 tags', () => {
  it('describes instance tags with key, value, resource-id, resource-type and tag: filters', async () => {
    const { ec2 } = aws();
    const all = (await ec2.send(new DescribeTagsCommand({}))).Tags!;
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((t) => t.ResourceType === 'instance' && /^i-/.test(t.ResourceId!))).toBe(true);
    const id = all[0]!.ResourceId!;
    const one = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }, { Name: 'resource-type', Values: ['instance'] }] }))).Tags!;
    expect(one.length).toBe(all.filter((t) => t.ResourceId === id).length);
    const byKey = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['Tier'] }, { Name: 'value', Values: ['d*'] }] }))).Tags!;
    expect(byKey.length).toBeGreaterThan(0);
    expect(byKey.every((t) => t.Key === 'Tier' && t.Value!.startsWith('d'))).toBe(true);
    const byTag = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'tag:Tier', Values: ['db'] }] }))).Tags!;
    expect(new Set(byTag.map((t) => t.Key)).size).toBeGreaterThan(1);
    expect((await failure(ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })))).name).toBe('InvalidParameterValue');
  });

  it('paginates with MaxResults 5–1000', async () => {
    const { ec2 } = aws();
    const total = (await ec2.send(new DescribeTagsCommand({}))).Tags!.length;
    let seen = 0;
    for await (const page of paginateDescribeTags({ client: ec2, pageSize: 5 }, {})) {
      expect(page.Tags!.length).toBeLessThanOrEqual(5);
      seen += page.Tags!.length;
    }
    expect(seen).toBe(total);
    expect((await failure(ec2.send(new DescribeTagsCommand({ MaxResults: 4 })))).name).toBe('InvalidParameterValue');
  });

  it('creates tags, refusing aws: keys and unknown instances', async () => {
    const { ec2 } = aws();
    const id = (await ec2.send(new DescribeTagsCommand({ MaxResults: 5 }))).Tags![0]!.ResourceId!;
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'CostCentre', Value: 'cc-9' }] }));
    const tags = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }, { Name: 'key', Values: ['CostCentre'] }] }))).Tags!;
    expect(tags.map((t) => t.Value)).toEqual(['cc-9']);
    expect((await failure(ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'aws:x', Value: 'y' }] })))).name).toBe('InvalidParameterValue');
    expect((await failure(ec2.send(new CreateTagsCommand({ Resources: ['i-0000000000000000a'], Tags: [{ Key: 'a', Value: 'b' }] })))).name).toBe('InvalidInstanceID.NotFound');
  });
});
