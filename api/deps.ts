import { AwsClientFactory } from '../lib/aws/clients';
import { READ_ONLY_SESSION_POLICY } from '../lib/aws/session-policy';
import { processClock } from '../lib/clock';
import { EnvNames, requireEnv } from '../lib/config';
import { startRecoveryInstanceSync } from '../lib/recovery-instances/sync-control';
import { RecoveryInstanceRepository } from '../lib/repositories/recovery-instances';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../lib/repositories/recovery-plans';
import { RegionStatusRepository } from '../lib/repositories/region-status';
import { SyncRunRepository } from '../lib/repositories/sync-runs';
import { TagSyncSettingsRepository } from '../lib/repositories/tag-sync-settings';
import { TargetAccountRepository } from '../lib/repositories/target-accounts';
import { startStagingAccountSync } from '../lib/staging/start';
import { SourceServerInventoryRepository } from '../lib/repositories/source-server-inventory';
import { startTagSync } from '../lib/tag-sync/start';
import type { ApiFunctionKind } from './framework/api-functions';
import { startInventorySync } from '../lib/inventory/start';

/** What starting the recovery-instance sync state machine answers. */
export interface SyncExecution {
  readonly executionArn: string;
  readonly startDate: string;
}

/**
 * What route handlers reach the world through. Tests and the local platform
 * pass their own; the Lambda builds the default once per process.
 */
export interface ApiDeps {
  readonly targetAccounts: TargetAccountRepository;
  /** The recovery-instance cache. */
  readonly recoveryInstances: RecoveryInstanceRepository;
  readonly recoveryPlans: RecoveryPlanRepository;
  readonly protectionGroups: ProtectionGroupRepository;
  readonly syncRuns: SyncRunRepository;
  /** What the last scans found in each account-region (read only: the syncs write it). */
  readonly regionStatus: Pick<RegionStatusRepository, 'listAll'>;
  /** Starts the recovery-instance-sync state machine (StartExecution); `trigger` says who asked, for its logs. */
  readonly startRecoveryInstanceSync: (trigger: string) => Promise<SyncExecution>;
  /** The tag-sync settings (an item of the SyncRuns table). */
  readonly tagSyncSettings: Pick<TagSyncSettingsRepository, 'get' | 'put'>;
  /** Starts the tag-sync state machine (StartExecution); `requestedBy` says who asked. */
  readonly startTagSync: (requestedBy: string) => Promise<SyncExecution>;
  /** Starts the inventory-sync state machine (StartExecution); `requestedBy` says who asked. */
  readonly startInventorySync: (requestedBy: string) => Promise<SyncExecution>;
  /** Starts the staging-account-sync state machine for one target account. */
  readonly startStagingAccountSync: (targetAccountId: string, requestedBy: string) => Promise<SyncExecution>;
  /** The source-server inventory (read only here: the inventory sync writes it). */
  readonly inventory: Pick<SourceServerInventoryRepository, 'listMarkers' | 'listAccountRegion' | 'page'>;
  /** The one door to target accounts (DESIGN rule 9). */
  readonly awsClients: AwsClientFactory;
  /** The account the orchestrator runs in; the only one whose roleArn may be null. Unknown when unset. */
  readonly hubAccountId: string | undefined;
  /** The process clock: the system clock in AWS, the virtual one on the local platform. */
  readonly now: () => Date;
}

/**
 * The deps an API function uses, created once per process. Repositories are
 * built on first use so that GET /health answers even when a table variable is
 * missing, while any route that needs the table fails loudly (500, logged).
 * The read function's sessions in target accounts carry a read-only session
 * policy: the role there can also write, the read function must not.
 */
export function defaultApiDeps(kind: ApiFunctionKind): ApiDeps {
  let targetAccounts: TargetAccountRepository | undefined;
  let recoveryInstances: RecoveryInstanceRepository | undefined;
  let recoveryPlans: RecoveryPlanRepository | undefined;
  let protectionGroups: ProtectionGroupRepository | undefined;
  let syncRuns: SyncRunRepository | undefined;
  let regionStatus: RegionStatusRepository | undefined;
  let tagSyncSettings: TagSyncSettingsRepository | undefined;
  let inventory: SourceServerInventoryRepository | undefined;
  return {
    get targetAccounts() {
      targetAccounts ??= new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable));
      return targetAccounts;
    },
    get recoveryInstances() {
      recoveryInstances ??= new RecoveryInstanceRepository(requireEnv(EnvNames.RecoveryInstanceTable));
      return recoveryInstances;
    },
    get recoveryPlans() {
      recoveryPlans ??= new RecoveryPlanRepository(requireEnv(EnvNames.RecoveryPlanTable));
      return recoveryPlans;
    },
    get protectionGroups() {
      protectionGroups ??= new ProtectionGroupRepository(requireEnv(EnvNames.ProtectionGroupTable));
      return protectionGroups;
    },
    get syncRuns() {
      syncRuns ??= new SyncRunRepository(requireEnv(EnvNames.SyncRunTable));
      return syncRuns;
    },
    get regionStatus() {
      regionStatus ??= new RegionStatusRepository(requireEnv(EnvNames.RegionStatusTable));
      return regionStatus;
    },
    get tagSyncSettings() {
      tagSyncSettings ??= new TagSyncSettingsRepository(requireEnv(EnvNames.SyncRunTable));
      return tagSyncSettings;
    },
    get inventory() {
      inventory ??= new SourceServerInventoryRepository(requireEnv(EnvNames.InventoryTable));
      return inventory;
    },
    startTagSync: (requestedBy) => startTagSync(requireEnv(EnvNames.TagSyncStateMachineArn), requestedBy),
    startInventorySync: (requestedBy) => startInventorySync(requireEnv(EnvNames.InventorySyncStateMachineArn), requestedBy),
    startStagingAccountSync: (targetAccountId, requestedBy) => startStagingAccountSync(requireEnv(EnvNames.StagingAccountSyncStateMachineArn), targetAccountId, requestedBy),
    startRecoveryInstanceSync: (trigger) => startRecoveryInstanceSync(requireEnv(EnvNames.RecoveryInstanceSyncStateMachineArn), trigger),
    awsClients: new AwsClientFactory(
      kind === 'read' ? { roleSessionName: 'drs-orchestrator-api-read', sessionPolicy: READ_ONLY_SESSION_POLICY } : { roleSessionName: 'drs-orchestrator-api-write' },
    ),
    hubAccountId: process.env[EnvNames.HubAccountId] || undefined,
    now: () => processClock.now(),
  };
}
