/** What one account holds in one region: DRS resources, EC2 instances and the network they use. */
import type { Ec2InstanceRecord, JobRecord, RecoveryInstanceRecord, SourceServerRecord } from './records';

export interface RegionNetwork {
  vpcId: string;
  subnets: Array<{ subnetId: string; availabilityZone: string; cidrPrefix: string }>;
  /** Security groups by tier name (web, app, db, …) plus 'default'. */
  securityGroups: Record<string, { groupId: string; groupName: string }>;
}

export class RegionState {
  readonly sourceServers = new Map<string, SourceServerRecord>();
  readonly recoveryInstances = new Map<string, RecoveryInstanceRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly instances = new Map<string, Ec2InstanceRecord>();
  private nextHost = 10;

  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly network: RegionNetwork,
    public drsInitialized: boolean,
  ) {}

  /** The next private IP in a subnet; addresses are handed out in order, like a fresh VPC. */
  allocatePrivateIp(subnetIndex: number): string {
    const subnet = this.network.subnets[subnetIndex % this.network.subnets.length]!;
    const host = this.nextHost++;
    return `${subnet.cidrPrefix}.${Math.floor(host / 250)}.${(host % 250) + 4}`;
  }

  recoveryInstanceOf(sourceServerId: string): RecoveryInstanceRecord | undefined {
    for (const ri of this.recoveryInstances.values()) if (ri.sourceServerId === sourceServerId) return ri;
    return undefined;
  }
}
