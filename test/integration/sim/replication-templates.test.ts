/** DRS DescribeReplicationConfigurationTemplates through the real SDK client: the default template of each initialized account-region. */
import { DescribeReplicationConfigurationTemplatesCommand, paginateDescribeReplicationConfigurationTemplates } from '@aws-sdk/client-drs';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, startEstate } from './helpers';

let sim: SimulatedEstate;
beforeAll(async () => ({ sim } = await startEstate()));
afterAll(() => {
  expect(sim.conformanceViolations()).toEqual([]);
  return sim.close();
});

const account = () => sim.scenario.accounts.find((a) => a.accountId !== sim.scenario.hubAccountId)!;
const aws = (accountId: string, region: string) => clients(sim, credentialsOf(sim, accountId), region).drs;

describe('DRS replication configuration templates', () => {
  it('each initialized account-region has exactly one default template, the same on every read, different per region', async () => {
    const { accountId, regions } = account();
    const ids: string[] = [];
    for (const region of regions) {
      const items: unknown[] = [];
      for await (const page of paginateDescribeReplicationConfigurationTemplates({ client: aws(accountId, region) }, {})) items.push(...(page.items ?? []));
      expect(items).toHaveLength(1);
      const [template] = items as Array<{ replicationConfigurationTemplateID: string; arn: string; pitPolicy: unknown[] }>;
      expect(template!.replicationConfigurationTemplateID).toMatch(/^rct-[0-9a-zA-Z]{17}$/);
      expect(template!.arn).toBe(`arn:aws:drs:${region}:${accountId}:replication-configuration-template/${template!.replicationConfigurationTemplateID}`);
      expect(template!.pitPolicy).toHaveLength(3);
      const again = await aws(accountId, region).send(new DescribeReplicationConfigurationTemplatesCommand({}));
      expect(again.items![0]!.replicationConfigurationTemplateID).toBe(template!.replicationConfigurationTemplateID);
      ids.push(template!.replicationConfigurationTemplateID);
    }
    expect(new Set(ids).size).toBe(regions.length);
  });

  it('filters by id (an unknown id is left out) and answers UninitializedAccountException where DRS is not set up', async () => {
    const { accountId, regions } = account();
    const drs = aws(accountId, regions[0]!);
    const [template] = (await drs.send(new DescribeReplicationConfigurationTemplatesCommand({}))).items!;
    expect((await drs.send(new DescribeReplicationConfigurationTemplatesCommand({ replicationConfigurationTemplateIDs: [template!.replicationConfigurationTemplateID!] }))).items).toHaveLength(1);
    expect((await drs.send(new DescribeReplicationConfigurationTemplatesCommand({ replicationConfigurationTemplateIDs: ['rct-00000000000000000'] }))).items).toEqual([]);
    const uninitialized = await failure(aws(accountId, 'sa-east-1').send(new DescribeReplicationConfigurationTemplatesCommand({})));
    expect(uninitialized.name).toBe('UninitializedAccountException');
  });
});
