/**
 * The sync's DRS and EC2 reads, built on the SDK's paginators: every page is
 * read, the page sizes the bench's call figures rest on are the ones sent,
 * each page is one counted call (a failed one too) and errors are classified.
 */
import { DescribeRecoveryInstancesCommand, DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AccessDeniedError, ThrottlingError } from '../../../../lib/errors';
import { ApiCallCounter } from '../../../../tasks/recovery-instance-sync/lib/api-call-counter';
import { describeSourceServers, listRecoveryInstances } from '../../../../tasks/recovery-instance-sync/lib/drs-reads';
import { describeInstances } from '../../../../tasks/recovery-instance-sync/lib/ec2-reads';
import { mockSdkClient } from '../../../support/api/sdk-mock';

const drsMock = mockSdkClient(DrsClient);
const ec2Mock = mockSdkClient(EC2Client);
const clientConfig = { region: 'us-west-2', maxAttempts: 1, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } };
const drs = new DrsClient(clientConfig);
const ec2 = new EC2Client(clientConfig);

const serverId = (n: number) => `s-${n.toString(16).padStart(17, '0')}`;
const instanceId = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

/** Pages of `pageSize` (the estate's choice, not the request's) with numeric tokens, as DRS and EC2 may return. */
const pageOf = <T>(items: readonly T[], token: string | undefined, pageSize: number) => {
  const start = token ? Number(token) : 0;
  const next = start + pageSize;
  return { page: items.slice(start, next), nextToken: next < items.length ? String(next) : undefined };
};

/**
 * Each request as it was sent: the SDK's paginator sets the next token on the
 * same input object, so the mock's recorded inputs all show the last one.
 */
let sent: any[] = [];
const recording = <I, O>(fake: (input: I) => O) => (input: I) => {
  sent.push(structuredClone(input));
  return fake(input);
};

beforeEach(() => {
  drsMock.reset();
  ec2Mock.reset();
  sent = [];
});

describe('listRecoveryInstances', () => {
  it('follows nextToken through every page, asking 200 per page, one counted call per page', async () => {
    const items = Array.from({ length: 450 }, (_, n) => ({ recoveryInstanceID: instanceId(n), sourceServerID: serverId(n) }));
    drsMock.on(DescribeRecoveryInstancesCommand).callsFake(
      recording((input: { nextToken?: string }) => {
        const { page, nextToken } = pageOf(items, input.nextToken, 100);
        return { items: page, nextToken };
      }),
    );
    const counter = new ApiCallCounter();
    const instances = await listRecoveryInstances(drs, counter);
    expect(instances.map((i) => i.recoveryInstanceID)).toEqual(items.map((i) => i.recoveryInstanceID));
    const requests = sent;
    expect(requests.map((r) => r.nextToken)).toEqual([undefined, '100', '200', '300', '400']);
    expect(requests.every((r) => r.maxResults === 200 && r.filters === undefined)).toBe(true);
    expect(counter.toJSON()).toEqual({ drs: 5 });
  });

  it('filters by at most 200 source servers per listing, each listing paged on its own', async () => {
    drsMock.on(DescribeRecoveryInstancesCommand).callsFake(
      recording((input: { nextToken?: string; filters: { sourceServerIDs: string[] } }) => {
        const items = input.filters.sourceServerIDs.map((id) => ({ sourceServerID: id }));
        const { page, nextToken } = pageOf(items, input.nextToken, 150);
        return { items: page, nextToken };
      }),
    );
    const ids = Array.from({ length: 250 }, (_, n) => serverId(n));
    const counter = new ApiCallCounter();
    const instances = await listRecoveryInstances(drs, counter, ids);
    expect(instances.map((i) => i.sourceServerID)).toEqual(ids);
    const requests = sent;
    expect(requests.map((r) => [r.filters.sourceServerIDs.length, r.nextToken])).toEqual([
      [200, undefined],
      [200, '150'],
      [50, undefined],
    ]);
    expect(counter.get('drs')).toBe(3);
  });

  it('a page that fails is counted and its error classified: throttled second page → ThrottlingError', async () => {
    drsMock.on(DescribeRecoveryInstancesCommand).callsFake(
      recording((input: { nextToken?: string }) => {
        if (input.nextToken) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
        return { items: [{ recoveryInstanceID: instanceId(1) }], nextToken: 'page-2' };
      }),
    );
    const counter = new ApiCallCounter();
    await expect(listRecoveryInstances(drs, counter)).rejects.toBeInstanceOf(ThrottlingError);
    expect(sent.map((r) => r.nextToken)).toEqual([undefined, 'page-2']);
    expect(counter.get('drs')).toBe(2);
  });
});

describe('describeSourceServers', () => {
  it('batches ids by 200 (duplicates once), follows nextToken within a batch and keys servers by id', async () => {
    drsMock.on(DescribeSourceServersCommand).callsFake(
      recording((input: { nextToken?: string; filters: { sourceServerIDs: string[] } }) => {
        const items = input.filters.sourceServerIDs.map((id) => ({ sourceServerID: id }));
        const { page, nextToken } = pageOf(items, input.nextToken, 120);
        return { items: page, nextToken };
      }),
    );
    const ids = Array.from({ length: 300 }, (_, n) => serverId(n));
    const counter = new ApiCallCounter();
    const servers = await describeSourceServers(drs, counter, [...ids, ids[0]!]);
    expect([...servers.keys()].sort()).toEqual([...ids].sort());
    const requests = sent;
    expect(requests.map((r) => [r.filters.sourceServerIDs.length, r.nextToken, r.maxResults])).toEqual([
      [200, undefined, 200],
      [200, '120', 200],
      [100, undefined, 200],
    ]);
    expect(counter.get('drs')).toBe(3);
  });
});

describe('describeInstances', () => {
  it('filters on instance-id by 200 values, asks 1000 per page and follows NextToken', async () => {
    ec2Mock.on(DescribeInstancesCommand).callsFake(
      recording((input: { NextToken?: string; Filters: Array<{ Name: string; Values: string[] }> }) => {
        const { page, nextToken } = pageOf(input.Filters[0]!.Values, input.NextToken, 150);
        return { Reservations: [{ Instances: page.map((id) => ({ InstanceId: id })) }], NextToken: nextToken };
      }),
    );
    const ids = Array.from({ length: 210 }, (_, n) => instanceId(n));
    const counter = new ApiCallCounter();
    const instances = await describeInstances(ec2, counter, ids);
    expect([...instances.keys()]).toEqual(ids);
    const requests = sent;
    expect(requests.map((r) => [r.Filters[0].Name, r.Filters[0].Values.length, r.NextToken, r.MaxResults, r.InstanceIds])).toEqual([
      ['instance-id', 200, undefined, 1000, undefined],
      ['instance-id', 200, '150', 1000, undefined],
      ['instance-id', 10, undefined, 1000, undefined],
    ]);
    expect(counter.toJSON()).toEqual({ ec2: 3 });
  });

  it('AccessDenied on the first page: one counted call, classified as AccessDeniedError', async () => {
    ec2Mock.on(DescribeInstancesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    const counter = new ApiCallCounter();
    await expect(describeInstances(ec2, counter, [instanceId(1)])).rejects.toBeInstanceOf(AccessDeniedError);
    expect(counter.get('ec2')).toBe(1);
  });
});
