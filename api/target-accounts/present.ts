import type { TargetAccount } from '../../contracts/api/target-accounts';
import type { TargetAccountRecord } from '../../contracts/records/target-account';

/** ExternalIds shorter than this are masked completely: their last four characters would give away too much. */
const MIN_LENGTH_TO_SHOW_TAIL = 12;

/**
 * `****` and the last four characters, enough for an operator to tell which
 * ExternalId is configured without the API handing it out (docs/api.md explains why).
 */
export function maskExternalId(externalId: string | null): string | null {
  if (externalId === null) return null;
  return externalId.length >= MIN_LENGTH_TO_SHOW_TAIL ? `****${externalId.slice(-4)}` : '****';
}

/** The API view of a record. Fields are listed one by one so that a new record field is never exposed by accident. */
export function presentTargetAccount(record: TargetAccountRecord): TargetAccount {
  return {
    accountId: record.accountId,
    name: record.name,
    roleArn: record.roleArn,
    externalIdMasked: maskExternalId(record.externalId),
    regions: record.regions,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastValidation: record.lastValidation,
  };
}
