/**
 * What a refused CreateExtendedSourceServer means for the operator. DRS
 * answers ServiceQuotaExceededException when the target account holds all the
 * source servers it may in the region, and ValidationException when the
 * staging server cannot be extended — among other reasons, when its staging
 * volumes are encrypted with the default EBS key (aws/ebs), which cannot be
 * shared with another account. AWS does not document that message's wording,
 * so it is recognised by the key it names, not by a sentence (decision in
 * docs/decisions/README.md).
 */
import type { SyncFinding } from '../../contracts/records/sync-run';

/** The error as the SDK threw it, or as classifyAwsError wrapped it. */
function sdkError(error: unknown): { name: string; message: string } {
  const cause = (error as { cause?: unknown }).cause as { name?: string; message?: string } | undefined;
  const e = cause?.name ? cause : (error as { name?: string; message?: string });
  return { name: e.name ?? 'Error', message: e.message ?? '' };
}

/** Default EBS encryption: the AWS managed key named aws/ebs, or the words "default" and a key in one message. */
const DEFAULT_EBS_KEY = /aws\/ebs|default (ebs |kms )?(encryption )?key|ebs default key/i;

export type ExtensionRefusal = Pick<SyncFinding, 'kind' | 'message' | 'remedy'> & { readonly stopRegion: boolean };

/**
 * The finding for a refused extension, or undefined when the error is not a
 * refusal (throttling, 5xx, access denied: those are the task's failures).
 */
export function classifyExtensionRefusal(error: unknown, context: { accountId: string; region: string }): ExtensionRefusal | undefined {
  const { name, message } = sdkError(error);
  if (name === 'ServiceQuotaExceededException') {
    return {
      kind: 'SERVICE_QUOTA_EXCEEDED',
      message: `Account ${context.accountId} has reached its DRS source-server quota in ${context.region}: ${message}`.slice(0, 2048),
      remedy:
        'Request a quota increase for Elastic Disaster Recovery source servers in this account and region (Service Quotas), or move servers to another target account. The remaining servers are extended by the next run once there is room.',
      stopRegion: true,
    };
  }
  if (name === 'ValidationException' && DEFAULT_EBS_KEY.test(message)) {
    return {
      kind: 'DEFAULT_EBS_KEY',
      message: `The staging server's volumes are encrypted with the default EBS key, which cannot be shared with account ${context.accountId}: ${message}`.slice(0, 2048),
      remedy:
        'In the staging account, set the replication settings to encrypt with a customer managed KMS key, share that key with the target account (key policy), and let DRS re-create the staging volumes; the next run extends the server.',
      stopRegion: false,
    };
  }
  if (name === 'ValidationException' || name === 'ResourceNotFoundException') {
    return {
      kind: 'EXTENSION_REFUSED',
      message: `DRS refused to extend the server: ${name}: ${message}`.slice(0, 2048),
      remedy: 'Check the staging server in the staging account (it may have been extended meanwhile, deleted, or be an extension itself).',
      stopRegion: false,
    };
  }
  return undefined;
}

export const NOT_TRUSTED_REMEDY =
  'In the staging account, add the target account as a trusted account in the Elastic Disaster Recovery settings (it creates the role DRS uses to extend servers), then run the sync again.';
