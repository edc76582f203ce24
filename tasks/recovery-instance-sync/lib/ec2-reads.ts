import { DescribeInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { callAws } from '../../../lib/aws/classify-error';
import { chunk } from '../../../lib/dynamodb';
import type { ApiCallCounter } from './api-call-counter';

/** EC2 accepts up to 200 values in one filter. */
const FILTER_VALUE_LIMIT = 200;

/**
 * The EC2 instances with these ids. It filters on instance-id rather than
 * passing InstanceIds, because one id that no longer exists would fail the
 * whole call with InvalidInstanceID.NotFound; missing ones are just absent.
 */
export async function describeInstances(ec2: EC2Client, counter: ApiCallCounter, ids: readonly string[]): Promise<Map<string, Instance>> {
  const instances = new Map<string, Instance>();
  for (const batch of chunk([...new Set(ids)], FILTER_VALUE_LIMIT)) {
    let NextToken: string | undefined;
    do {
      counter.count('ec2');
      const page = await callAws('EC2 DescribeInstances', () =>
        ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: batch }], MaxResults: 1000, NextToken })),
      );
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) if (instance.InstanceId) instances.set(instance.InstanceId, instance);
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  return instances;
}
