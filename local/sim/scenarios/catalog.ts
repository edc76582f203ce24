/** Realistic building blocks for generated servers: instance sizes, operating systems, regions. */

export const GiB = 2 ** 30;

export const INSTANCE_TYPES: Record<string, { vcpus: number; ramGiB: number }> = {
  't3.medium': { vcpus: 2, ramGiB: 4 },
  'm5.large': { vcpus: 2, ramGiB: 8 },
  'm5.xlarge': { vcpus: 4, ramGiB: 16 },
  'c5.xlarge': { vcpus: 4, ramGiB: 8 },
  'c5.2xlarge': { vcpus: 8, ramGiB: 16 },
  'r5.large': { vcpus: 2, ramGiB: 16 },
  'r5.xlarge': { vcpus: 4, ramGiB: 32 },
  'r5.2xlarge': { vcpus: 8, ramGiB: 64 },
};

export const TYPES_BY_TIER: Record<string, string[]> = {
  web: ['t3.medium', 'm5.large'],
  app: ['m5.xlarge', 'c5.xlarge', 'c5.2xlarge'],
  db: ['r5.xlarge', 'r5.2xlarge'],
  cache: ['r5.large'],
  queue: ['m5.large'],
};

export const LINUX_OS = [
  'Linux version 6.1.92-99.174.amzn2023.x86_64 (Amazon Linux 2023)',
  'Linux version 5.10.217-205.860.amzn2.x86_64 (Amazon Linux 2)',
  'Linux version 5.15.0-1061-aws (Ubuntu 22.04.4 LTS)',
  'Linux version 5.14.0-362.24.1.el9_3.x86_64 (Red Hat Enterprise Linux 9.3)',
];

export const WINDOWS_OS = ['Microsoft Windows Server 2019 Datacenter 10.0.17763', 'Microsoft Windows Server 2022 Datacenter 10.0.20348'];

export const CPU_MODEL = 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz';

/** Where a server replicating into a recovery region usually runs. */
export const ORIGIN_REGION: Record<string, string> = {
  'us-east-1': 'us-east-2',
  'us-east-2': 'us-east-1',
  'us-west-2': 'us-west-1',
  'us-west-1': 'us-west-2',
  'eu-west-1': 'eu-central-1',
  'eu-central-1': 'eu-west-1',
  'ap-southeast-2': 'ap-southeast-1',
  'ap-southeast-1': 'ap-southeast-2',
};

export const SCALE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-east-2'];

export const TIER_LABEL: Record<string, string> = { web: 'Web', app: 'Application', db: 'Database', cache: 'Cache', queue: 'Queue' };
