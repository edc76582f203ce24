/* The target-account role's permissions as plain data (no CDK import), so tests that only compare action lists load fast. */

/**
 * What the orchestrator does in a target account, one entry per reason. The
 * role grants exactly these actions, and test/machines/least-privilege.test.ts
 * checks them against the calls the tasks and routes make with the role's
 * credentials. A new capability that works in target accounts adds its
 * actions here (and its calls to that test's scenario).
 */
export interface TargetAccountPermission {
  readonly actions: readonly string[];
  /**
   * `any`: the actions support no resource-level permissions. `drs-managed-recovery-instances`: see terminateRecoveryInstancesStatement.
   * `drs-source-servers`: the DRS source servers of the account (any region).
   * `drs-staging-source-servers`: source servers of any account (the staging servers a target extends).
   */
  readonly resources: 'any' | 'drs-managed-recovery-instances' | 'drs-source-servers' | 'drs-staging-source-servers';
  readonly why: string;
}

export const TARGET_ACCOUNT_PERMISSIONS: readonly TargetAccountPermission[] = [
  {
    actions: ['drs:DescribeSourceServers', 'drs:DescribeRecoveryInstances', 'ec2:DescribeInstances'],
    resources: 'any',
    why: 'The recovery-instance sync and validate_target_account read DRS and EC2 state.',
  },
  {
    actions: ['drs:TerminateRecoveryInstances'],
    resources: 'drs-managed-recovery-instances',
    why: "Terminating an execution's recovery instances.",
  },
  {
    actions: ['ec2:DescribeTags'],
    resources: 'any',
    why: 'Tag sync reads the tags of the EC2 instances DRS replicates, in the account where each instance lives.',
  },
  {
    actions: ['drs:TagResource'],
    resources: 'drs-source-servers',
    why: 'Tag sync copies those tags to the DRS source servers (only the ApplySourceServerTags task calls it).',
  },
  {
    actions: ['drs:ListStagingAccounts'],
    resources: 'any',
    why: 'discover_staging_accounts and the staging-account sync list the staging accounts a target account has extended servers from.',
  },
  {
    actions: ['drs:DescribeJobs'],
    resources: 'any',
    why: 'The capacity and quota reads count active jobs and the servers in them (20 and 500 per account and region).',
  },
  {
    actions: ['drs:ListExtensibleSourceServers'],
    resources: 'any',
    why: 'The staging-account sync lists the staging servers the account can extend.',
  },
  {
    actions: ['drs:CreateExtendedSourceServer'],
    resources: 'drs-staging-source-servers',
    why: 'The staging-account sync extends them (only the ExtendSourceServers task calls it).',
  },
  {
    actions: ['drs:DescribeRecoverySnapshots', 'drs:DescribeReplicationConfigurationTemplates'],
    resources: 'any',
    why: 'The inventory sync reads the newest recovery snapshot of each source server (the point a recovery would use), and the replication template a newly seen server replicates with (its original topology).',
  },
];

/** Every action the role grants. */
export const targetAccountActions = (): string[] => [...new Set(TARGET_ACCOUNT_PERMISSIONS.flatMap((p) => p.actions))].sort();
