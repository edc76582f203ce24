/**
 * DescribeInstances filters. Values may use EC2's wildcards (`*`, `?`); values
 * within one filter are OR-ed and filters are AND-ed, as documented by EC2.
 */
import { SimError } from '../errors';
import { EC2_STATE_CODES, type Ec2InstanceRecord } from '../state/records';

export interface Ec2Filter {
  Name?: string;
  Values?: string[];
}

type Extractor = (instance: Ec2InstanceRecord) => Array<string | undefined>;

const EXTRACTORS: Record<string, Extractor> = {
  'instance-id': (i) => [i.instanceId],
  'instance-state-name': (i) => [i.state],
  'instance-state-code': (i) => [String(EC2_STATE_CODES[i.state])],
  'instance-type': (i) => [i.instanceType],
  'availability-zone': (i) => [i.availabilityZone],
  'vpc-id': (i) => [i.vpcId],
  'subnet-id': (i) => [i.subnetId],
  'private-ip-address': (i) => [i.privateIpAddress],
  'ip-address': (i) => [i.publicIpAddress],
  'reservation-id': (i) => [i.reservationId],
  'image-id': (i) => [i.imageId],
  platform: (i) => [i.platform],
  'iam-instance-profile.arn': (i) => [i.iamInstanceProfile?.arn],
  'instance.group-id': (i) => i.securityGroups.map((g) => g.groupId),
  'instance.group-name': (i) => i.securityGroups.map((g) => g.groupName),
  'tag-key': (i) => Object.keys(i.tags),
  'tag-value': (i) => Object.values(i.tags),
};

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

export type InstancePredicate = (instance: Ec2InstanceRecord) => boolean;

/** Compiles filters into one predicate; an unknown filter name is InvalidParameterValue, as in EC2. */
export function compileFilters(filters: readonly Ec2Filter[]): InstancePredicate {
  const predicates = filters.map((filter): InstancePredicate => {
    const name = filter.Name ?? '';
    const patterns = (filter.Values ?? []).map(globToRegExp);
    let extract: Extractor | undefined = EXTRACTORS[name];
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      extract = (i) => [i.tags[key]];
    }
    if (!extract) throw new SimError('InvalidParameterValue', 400, `The filter '${name}' is invalid`);
    const get = extract;
    return (instance) => get(instance).some((value) => value !== undefined && patterns.some((p) => p.test(value)));
  });
  return (instance) => predicates.every((p) => p(instance));
}
