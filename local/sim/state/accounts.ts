import type { SessionPolicy } from '../sts/session-policy';
/** Accounts, their credentials and cross-account roles. */

export interface RoleConfig {
  roleArn: string;
  roleName: string;
  roleId: string;
  externalId: string;
  /** Accounts whose principals the role's trust policy admits. */
  trustedAccountIds: string[];
}

export interface AccountConfig {
  accountId: string;
  /** Regions where DRS is initialized; other regions answer UninitializedAccountException. */
  drsRegions: string[];
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  role?: RoleConfig;
}

/** Who a request acts as, resolved from its access key id. */
export interface Principal {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userId: string;
  arn: string;
  /** Session credentials only. */
  sessionToken?: string;
  expiresAt?: number;
  /** The session policy AssumeRole was given, if any: the session may call only what it allows. */
  sessionPolicy?: SessionPolicy;
}
