/** EC2 DescribeInstances: ids, filters and MaxResults/NextToken, with EC2's own parameter rules. */
import type { DescribeInstancesResult, Reservation } from '@aws-sdk/client-ec2';
import { SimError } from '../errors';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import { compileFilters, type Ec2Filter } from './filters';
import { isVisible } from './instances';
import { renderInstance } from './render';

interface DescribeInstancesInput {
  InstanceIds?: string[];
  Filters?: Ec2Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}

export function describeInstances(ctx: RequestContext, raw: Record<string, unknown>): DescribeInstancesResult {
  const input = raw as DescribeInstancesInput;
  if (input.DryRun) throw new SimError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  const ids = input.InstanceIds ?? [];
  if (ids.length > 0 && input.MaxResults !== undefined) {
    throw new SimError('InvalidParameterCombination', 400, 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) {
    throw new SimError('InvalidParameterValue', 400, `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  const malformed = ids.filter((id) => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
  if (malformed.length > 0) throw new SimError('InvalidInstanceID.Malformed', 400, `Invalid id: "${malformed[0]}"`);

  const region = ctx.estate.region(ctx.accountId, ctx.region);
  const visible = [...region.instances.values()].filter((i) => isVisible(i, ctx.now));
  if (ids.length > 0) {
    const known = new Set(visible.map((i) => i.instanceId));
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length === 1) throw new SimError('InvalidInstanceID.NotFound', 400, `The instance ID '${missing[0]}' does not exist`);
    if (missing.length > 1) throw new SimError('InvalidInstanceID.NotFound', 400, `The instance IDs '${missing.join(', ')}' do not exist`);
  }
  const wanted = new Set(ids);
  const matches = compileFilters(input.Filters ?? []);
  const selected = visible.filter((i) => (ids.length === 0 || wanted.has(i.instanceId)) && matches(i));

  const { page, nextToken } = paginate(selected, input.MaxResults ?? Number.MAX_SAFE_INTEGER, input.NextToken, () =>
    new SimError('InvalidParameterValue', 400, `Invalid value '${input.NextToken}' for nextToken`),
  );
  // Each simulated launch is its own RunInstances call, so instances sharing a reservation are grouped.
  const reservations = new Map<string, Reservation>();
  for (const instance of page) {
    let reservation = reservations.get(instance.reservationId);
    if (!reservation) {
      reservation = { ReservationId: instance.reservationId, OwnerId: instance.accountId, Groups: [], Instances: [] };
      reservations.set(instance.reservationId, reservation);
    }
    reservation.Instances!.push(renderInstance(instance));
  }
  return { Reservations: [...reservations.values()], ...(nextToken ? { NextToken: nextToken } : {}) };
}
