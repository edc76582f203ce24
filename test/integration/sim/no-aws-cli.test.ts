/**
 * The estate needs neither the AWS CLI nor an SDK: any client that sends a
 * SigV4 Authorization header with the right credential scope is served. These
 * requests are shaped exactly like the CLI's, and the SDK picks the endpoint
 * from AWS_ENDPOINT_URL_<SERVICE> the way `npm start` users configure it.
 */
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { SimulatedEstate } from '../../../local/sim';
import { credentialsOf, startEstate } from './helpers';

let sim: SimulatedEstate;
beforeAll(async () => ({ sim } = await startEstate()));
afterAll(() => sim.close());

const authorization = (accessKeyId: string, region: string, service: string) =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250115/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

describe('plain HTTP clients', () => {
  it('DRS over restJson1', async () => {
    const { accessKeyId } = credentialsOf(sim, '333333333333');
    const res = await fetch(`${sim.url}/DescribeRecoveryInstances`, {
      method: 'POST',
      headers: { authorization: authorization(accessKeyId, 'eu-west-1', 'drs'), 'content-type': 'application/json' },
      body: JSON.stringify({ maxResults: 5 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: unknown[]; nextToken: string };
    expect(body.items).toHaveLength(5);
    expect(typeof body.nextToken).toBe('string');
  });

  it('EC2 over the ec2 query protocol, with an EC2 error document', async () => {
    const { accessKeyId } = credentialsOf(sim, '333333333333');
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: { authorization: authorization(accessKeyId, 'eu-west-1', 'ec2'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0000000000000000a',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>');
  });

  it('STS over awsQuery', async () => {
    const { accessKeyId } = credentialsOf(sim, '111111111111');
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: { authorization: authorization(accessKeyId, 'us-east-1', 'sts'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(await res.text()).toContain('<GetCallerIdentityResult><UserId>');
  });

  it('the SDK honours AWS_ENDPOINT_URL_EC2', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_EC2;
    process.env.AWS_ENDPOINT_URL_EC2 = sim.url;
    try {
      const ec2 = new EC2Client({ region: 'eu-west-1', credentials: credentialsOf(sim, '333333333333'), maxAttempts: 1 });
      const out = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
      expect(out.Reservations!.length).toBeGreaterThan(0);
      ec2.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EC2;
      else process.env.AWS_ENDPOINT_URL_EC2 = saved;
    }
  });
});
