/**
 * Settings that reach the code through environment variables, set by the CDK
 * stacks in AWS and by the local platform from the same synthesized template.
 */
export const EnvNames = {
  RecoveryInstanceTable: 'RECOVERY_INSTANCE_TABLE',
  TargetAccountTable: 'TARGET_ACCOUNT_TABLE',
  SyncRunTable: 'SYNC_RUN_TABLE',
  ProtectionGroupTable: 'PROTECTION_GROUP_TABLE',
  RecoveryPlanTable: 'RECOVERY_PLAN_TABLE',
  IdempotencyTable: 'IDEMPOTENCY_TABLE',
  RecoveryJobTable: 'RECOVERY_JOB_TABLE',
  RegionStatusTable: 'REGION_STATUS_TABLE',
  InventoryTable: 'INVENTORY_TABLE',
  RecoveryInstanceSyncStateMachineArn: 'RECOVERY_INSTANCE_SYNC_STATE_MACHINE_ARN',
  TagSyncStateMachineArn: 'TAG_SYNC_STATE_MACHINE_ARN',
  InventorySyncStateMachineArn: 'INVENTORY_SYNC_STATE_MACHINE_ARN',
  StagingAccountSyncStateMachineArn: 'STAGING_ACCOUNT_SYNC_STATE_MACHINE_ARN',
  HubAccountId: 'HUB_ACCOUNT_ID',
  /** The one browser origin allowed to call the API (the console's); unset: same-origin console, no CORS headers. */
  ApiCorsAllowOrigin: 'API_CORS_ALLOW_ORIGIN',
} as const;

export type EnvName = (typeof EnvNames)[keyof typeof EnvNames];

/** Reads a required setting; a missing one is a deployment defect, so it fails loudly at first use. */
export function requireEnv(name: EnvName): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
