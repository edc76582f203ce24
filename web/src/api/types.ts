/**
 * The API's request and answer shapes, as the console uses them. Every type
 * comes from the JSON Schemas in contracts/ (json-schema-to-ts FromSchema),
 * the same schemas the API validates with and docs/api/openapi.json is
 * generated from: nothing here is written twice. Type-only imports, so no
 * schema reaches the console's bundle.
 */
import type {
  ExistingRecoveryInstances,
  RecoveryInstance,
  RecoveryInstanceFacets,
  RecoveryInstanceList,
  RecoveryInstanceListQuery,
  RecoveryInstanceSortField,
  RecoveryInstanceTermination,
} from '../../../contracts/api/recovery-instances';
import type { RecoveryPlanList, RecoveryPlanSummary } from '../../../contracts/api/recovery-plans';
import type { RecoveryInstanceSyncRun, RecoveryInstanceSyncStart, RecoveryInstanceSyncStatus } from '../../../contracts/api/sync';
import type { CreateTargetAccountRequest, TargetAccount, TargetAccountList, TargetAccountValidation, UpdateTargetAccountRequest } from '../../../contracts/api/target-accounts';
import type { ErrorResponse } from '../../../contracts/api/errors';
import type { DrsRegionList, DrsRegionStatus } from '../../../contracts/api/regions';
import type { TagSyncRun, TagSyncSettings, TagSyncSettingsInput, TagSyncStart, TagSyncStatus } from '../../../contracts/api/tag-sync';
export type { DrsRegionList, DrsRegionStatus };
export type { TagSyncRun, TagSyncSettings, TagSyncSettingsInput, TagSyncStart, TagSyncStatus };
import type { AccountCapacity, CombinedCapacity } from '../../../contracts/api/capacity';
export type { AccountCapacity, CombinedCapacity };
import type { DrsReplication, InventoryServer, SourceServerInventoryList, SourceServerInventoryQuery } from '../../../contracts/api/inventory';
export type { DrsReplication, InventoryServer, SourceServerInventoryList, SourceServerInventoryQuery };
import type { StagingAccountSyncRun, StagingAccountSyncStatus } from '../../../contracts/api/staging-accounts';
export type { StagingAccountSyncRun, StagingAccountSyncStatus };

export type {
  CreateTargetAccountRequest,
  ErrorResponse,
  ExistingRecoveryInstances,
  RecoveryInstance,
  RecoveryInstanceFacets,
  RecoveryInstanceList,
  RecoveryInstanceListQuery,
  RecoveryInstanceSortField,
  RecoveryPlanList,
  RecoveryPlanSummary,
  TargetAccount,
  TargetAccountList,
  TargetAccountValidation,
  UpdateTargetAccountRequest,
};

export type SyncRun = RecoveryInstanceSyncRun;
export type SyncStatus = RecoveryInstanceSyncStatus;
export type SyncStart = RecoveryInstanceSyncStart;
export type SyncTargetResult = NonNullable<SyncRun['targets']>[number];
export type TerminationResult = RecoveryInstanceTermination;
export type TerminationGroup = TerminationResult['terminated'][number];
export type CheckStatus = TargetAccountValidation['assumeRole']['status'];

/** The target-account form's value: the create body; an update sends it without `accountId` (the path names the account). */
export type TargetAccountInput = Omit<CreateTargetAccountRequest, 'accountId'> & { accountId?: string };
