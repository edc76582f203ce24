import type { StagingAccount } from '../../contracts/api/staging-accounts';
import type { StagingAccountRecord } from '../../contracts/records/target-account';
import { maskExternalId } from '../target-accounts/present';

/** The API view of a staging account: the ExternalId masked, as for target accounts. */
export function presentStagingAccount(record: StagingAccountRecord): StagingAccount {
  return {
    accountId: record.accountId,
    accountName: record.accountName,
    roleArn: record.roleArn,
    externalIdMasked: maskExternalId(record.externalId) ?? '****',
    addedAt: record.addedAt,
    addedBy: record.addedBy,
  };
}
