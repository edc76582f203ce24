/**
 * Public types of the simulated AWS estate. Other parts of the project (the
 * local platform, tests, benchmarks) code against these, so they change only
 * with care.
 */
import type { SessionPolicy } from './sts/session-policy';
import type { VirtualClock } from '../clock';

export type ServiceName = 'drs' | 'ec2' | 'ssm' | 'sts';

export interface SimulatedEstateOptions {
  /** 0 = random free port. @default 4566 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  clock: VirtualClock;
  /** @default { name: 'demo', seed: 1 } */
  scenario?: { name: string; seed?: number; options?: Record<string, unknown> };
  /**
   * 'default' adds a realistic, deterministic real-time latency per operation
   * (DRS describes ~100-150 ms, EC2 ~80-120 ms, STS ~40 ms); 'none' is for fast tests.
   * @default 'default'
   */
  latency?: 'default' | 'none';
  /**
   * The clock temporary credentials expire by. Real time by default, not the
   * virtual clock: callers cache and refresh credentials by their own clock,
   * as in AWS, so a fast virtual clock would expire what they still trust.
   * @default Date.now
   */
  credentialClock?: () => number;
  /**
   * 'enforce' validates every response against the botocore output shape before it
   * is sent; a violation becomes a 500 naming the operation and path, and is recorded.
   * @default 'off'
   */
  conformance?: 'off' | 'enforce';
}

export interface SimulatedEstate {
  url: string;
  port: number;
  /** The scenario currently loaded. */
  scenario: ScenarioDescription;
  loadScenario(name: string, seed?: number, options?: Record<string, unknown>): ScenarioDescription;
  setFaults(rules: FaultRule[]): void;
  calls(): CallCount[];
  resetCalls(): void;
  conformanceViolations(): string[];
  /** Every secret access key and session token of the estate, including those AssumeRole issued: what logs must never contain. */
  issuedSecrets(): string[];
  /** The sessions AssumeRole issued: who (the assumed-role ARN, ending in the session name) and what session policy limits them. */
  assumedSessions(): Array<{ readonly arn: string; readonly sessionPolicy?: SessionPolicy }>;
  close(): Promise<void>;
}

export interface CallCount {
  service: ServiceName;
  operation: string;
  accountId: string;
  region: string;
  count: number;
}

export interface FaultRule {
  /** Omitted = any. */
  service?: string;
  operation?: string;
  accountId?: string;
  region?: string;
  fault: 'throttle' | 'server-error' | 'access-denied' | 'latency';
  /** 0..1, default 1; drawn from a PRNG seeded from the scenario seed. */
  probability?: number;
  /** Apply at most N times, then the rule is spent. */
  count?: number;
  /** For 'latency': extra real milliseconds. */
  latencyMs?: number;
  /** For 'throttle': the Retry-After header. @default 1 */
  retryAfterSeconds?: number;
}

export interface ScenarioAccount {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  role?: { roleArn: string; externalId: string };
  regions: string[];
}

export interface ScenarioStagingAccount extends ScenarioAccount {
  /** The target accounts this staging account trusts to extend its servers. */
  trustedTargetAccountIds: string[];
  sourceServers: Array<{ region: string; sourceServerId: string; arn: string; hostname: string; extendedInto: string[]; ebsEncryption: 'DEFAULT' | 'CUSTOM' }>;
}

export interface ScenarioDescription {
  name: string;
  seed: number;
  hubAccountId: string;
  accounts: ScenarioAccount[];
  sourceServerIds: Array<{ accountId: string; region: string; sourceServerId: string; hostname: string }>;
  /**
   * Staging accounts: accounts whose source servers replicate there and which
   * trust target accounts to extend them (DRS trusted accounts). They are not
   * target accounts, so they are listed apart, with their servers; the
   * servers extended from them are target-account servers, in sourceServerIds.
   */
  stagingAccounts: ScenarioStagingAccount[];
  recoveryInstanceCount: number;
  protectionGroups: Array<{ id: string; name: string; accountId: string; region: string; sourceServerIds: string[] }>;
  recoveryPlans: Array<{ id: string; name: string; waves: Array<{ name: string; protectionGroupIds: string[] }> }>;
  executions: Array<{ executionId: string; planId: string; sourceServerIds: string[] }>;
  /**
   * Every DRS job the orchestrator started in the scenario's past, as the
   * orchestrator's job table records it (the local platform seeds that table
   * from this list). DRS itself knows nothing of executions.
   */
  jobs: ScenarioJob[];
}

export interface ScenarioJob {
  jobId: string;
  executionId: string;
  planId: string;
  planName: string;
  waveId: string;
  waveName: string;
  executionType: 'DRILL' | 'RECOVERY';
  accountId: string;
  region: string;
  /** ISO 8601, on the virtual clock. */
  startedAt: string;
}
