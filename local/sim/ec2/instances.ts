/** Creating and changing EC2 instances; used by scenarios, DRS launches and EC2 operations alike. */
import type { Estate } from '../state/estate';
import type { Ec2InstanceRecord, Ec2StateName } from '../state/records';
import type { RegionState } from '../state/region-state';

export interface InstanceSpec {
  instanceType: string;
  /** Security group tier: web, app, db, cache, queue or default. */
  tier: string;
  subnetIndex: number;
  tags: Record<string, string>;
  launchTime: number;
  platform?: 'windows';
  state?: Ec2StateName;
  publicIp?: boolean;
  /** Name of an instance profile to attach. */
  instanceProfile?: string;
  /** Use this instance id (DRS names the target instance when a launch starts). */
  instanceId?: string;
  diskBytes?: number[];
  /** Keep this private IP (launch into instance, copied IPs). */
  privateIpAddress?: string;
}

export function launchInstance(estate: Estate, region: RegionState, spec: InstanceSpec): Ec2InstanceRecord {
  const subnetIndex = spec.subnetIndex % region.network.subnets.length;
  const subnet = region.network.subnets[subnetIndex]!;
  const group = region.network.securityGroups[spec.tier] ?? region.network.securityGroups.default!;
  const instance: Ec2InstanceRecord = {
    instanceId: spec.instanceId ?? estate.ids.instance(),
    reservationId: estate.ids.reservation(),
    accountId: region.accountId,
    region: region.region,
    imageId: estate.ids.ami(),
    instanceType: spec.instanceType,
    ...(spec.platform ? { platform: spec.platform } : {}),
    state: spec.state ?? 'running',
    launchTime: spec.launchTime,
    availabilityZone: subnet.availabilityZone,
    vpcId: region.network.vpcId,
    subnetId: subnet.subnetId,
    privateIpAddress: spec.privateIpAddress ?? region.allocatePrivateIp(subnetIndex),
    ...(spec.publicIp ? { publicIpAddress: estate.ids.publicIp() } : {}),
    securityGroups: [group],
    ...(spec.instanceProfile
      ? { iamInstanceProfile: { arn: `arn:aws:iam::${region.accountId}:instance-profile/${spec.instanceProfile}`, id: estate.ids.iamUniqueId('AIPA') } }
      : {}),
    volumes: (spec.diskBytes ?? [8 * 2 ** 30]).map((bytes, i) => ({
      deviceName: i === 0 ? (spec.platform === 'windows' ? '/dev/sda1' : '/dev/xvda') : `/dev/xvd${String.fromCharCode(97 + i)}`,
      volumeId: estate.ids.volume(),
      bytes,
    })),
    tags: { ...spec.tags },
  };
  if (instance.state === 'stopped') instance.stateTransitionReason = `User initiated (${new Date(spec.launchTime).toISOString().replace(/\.\d+Z$/, ' GMT')})`;
  region.instances.set(instance.instanceId, instance);
  return instance;
}

/** Moves an instance to a new state; 'terminated' also records when, for the one-hour visibility window. */
export function setInstanceState(instance: Ec2InstanceRecord, state: Ec2StateName, now: number, reason?: string): void {
  instance.state = state;
  if (reason) instance.stateTransitionReason = reason;
  if (state === 'terminated') {
    instance.terminatedAt = now;
    delete instance.publicIpAddress;
  }
}

/** EC2 keeps terminated instances visible for about an hour. */
export const TERMINATED_VISIBILITY_MS = 60 * 60 * 1000;

export function isVisible(instance: Ec2InstanceRecord, now: number): boolean {
  return instance.terminatedAt === undefined || now - instance.terminatedAt < TERMINATED_VISIBILITY_MS;
}
