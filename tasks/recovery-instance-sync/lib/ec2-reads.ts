import { paginateDescribeInstances, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { chunk } from '../../../lib/dynamodb';
import type { ApiCallCounter } from './api-call-counter';
import { readPages } from './read-pages';

/** EC2 accepts up to 200 values in one filter. */
const FILTER_VALUE_LIMIT = 200;
/** MaxResults per DescribeInstances page (EC2 allows 5 to 1000). */
const PAGE_SIZE = 1000;

/**
 * The EC2 instances with these ids. It filters on instance-id rather than
 * passing InstanceIds, because one id that no longer exists would fail the
 * whole call with InvalidInstanceID.NotFound; missing ones are just absent.
 */
export async function describeInstances(ec2: EC2Client, counter: ApiCallCounter, ids: readonly string[]): Promise<Map<string, Instance>> {
  const instances = new Map<string, Instance>();
  for (const batch of chunk([...new Set(ids)], FILTER_VALUE_LIMIT)) {
    const pages = paginateDescribeInstances({ client: ec2, pageSize: PAGE_SIZE }, { Filters: [{ Name: 'instance-id', Values: batch }] });
    await readPages('EC2 DescribeInstances', counter, 'ec2', pages, (page) => {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) if (instance.InstanceId) instances.set(instance.InstanceId, instance);
      }
    });
  }
  return instances;
}
