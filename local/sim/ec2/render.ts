/** EC2 instance records rendered as the API's Instance shape. */
import type { Instance } from '@aws-sdk/client-ec2';
import { EC2_STATE_CODES, type Ec2InstanceRecord } from '../state/records';

export function renderInstance(record: Ec2InstanceRecord): Instance {
  const running = record.state !== 'terminated';
  return {
    InstanceId: record.instanceId,
    ImageId: record.imageId,
    InstanceType: record.instanceType as Instance['InstanceType'],
    State: { Code: EC2_STATE_CODES[record.state], Name: record.state },
    StateTransitionReason: record.stateTransitionReason ?? '',
    LaunchTime: new Date(record.launchTime),
    Placement: { AvailabilityZone: record.availabilityZone, GroupName: '', Tenancy: 'default' },
    ...(record.platform ? { Platform: 'Windows', PlatformDetails: 'Windows' } : { PlatformDetails: 'Linux/UNIX' }),
    Architecture: 'x86_64',
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    RootDeviceType: 'ebs',
    RootDeviceName: record.volumes[0]?.deviceName ?? '/dev/xvda',
    EbsOptimized: true,
    EnaSupport: true,
    AmiLaunchIndex: 0,
    Monitoring: { State: 'disabled' },
    PrivateDnsName: running ? `ip-${record.privateIpAddress.replaceAll('.', '-')}.${record.region === 'us-east-1' ? 'ec2.internal' : `${record.region}.compute.internal`}` : '',
    PublicDnsName: record.publicIpAddress ? `ec2-${record.publicIpAddress.replaceAll('.', '-')}.${record.region}.compute.amazonaws.com` : '',
    ...(running
      ? {
          VpcId: record.vpcId,
          SubnetId: record.subnetId,
          PrivateIpAddress: record.privateIpAddress,
          SecurityGroups: record.securityGroups.map((g) => ({ GroupId: g.groupId, GroupName: g.groupName })),
          BlockDeviceMappings: record.volumes.map((v) => ({
            DeviceName: v.deviceName,
            Ebs: { VolumeId: v.volumeId, Status: 'attached', DeleteOnTermination: true, AttachTime: new Date(record.launchTime) },
          })),
        }
      : { SecurityGroups: [], BlockDeviceMappings: [] }),
    ...(record.publicIpAddress ? { PublicIpAddress: record.publicIpAddress } : {}),
    ...(record.iamInstanceProfile ? { IamInstanceProfile: { Arn: record.iamInstanceProfile.arn, Id: record.iamInstanceProfile.id } } : {}),
    ...(Object.keys(record.tags).length > 0 ? { Tags: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  };
}
