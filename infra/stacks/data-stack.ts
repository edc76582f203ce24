import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { RecoveryInstanceIndexes } from '../../lib/repositories/recovery-instances';

export interface DataStackProps extends StackProps {
  /** What happens to the tables when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The orchestrator's DynamoDB tables: on-demand, point-in-time recovery on,
 * encrypted with one customer-managed key. The local platform creates the
 * same tables from this stack's synthesized template.
 */
export class DataStack extends Stack {
  public readonly key: kms.Key;
  public readonly recoveryInstances: dynamodb.Table;
  public readonly targetAccounts: dynamodb.Table;
  public readonly syncRuns: dynamodb.Table;
  public readonly protectionGroups: dynamodb.Table;
  public readonly recoveryPlans: dynamodb.Table;
  public readonly idempotency: dynamodb.Table;
  /** DRS jobs the orchestrator started (jobId → execution, wave, plan); the syncs map a recovery instance's jobID through it. */
  public readonly recoveryJobs: dynamodb.Table;
  /** What the orchestrator last saw of DRS per account and region; the active-region filter reads it. */
  public readonly regionStatus: dynamodb.Table;
  /** The source-server inventory: records under accountId#region, and one freshness marker per account-region. */
  public readonly inventory: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new kms.Key(this, 'DataKey', {
      description: 'Encrypts the DRS orchestrator tables',
      enableKeyRotation: true,
      removalPolicy,
    });

    const table = (tableId: string, partitionKey: string, sortKey?: string, extra: Partial<dynamodb.TableProps> = {}) =>
      new dynamodb.Table(this, tableId, {
        partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
        ...(sortKey ? { sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        removalPolicy,
        ...extra,
      });

    this.recoveryInstances = table('RecoveryInstanceCache', 'sourceServerId');
    this.recoveryInstances.addGlobalSecondaryIndex({
      indexName: RecoveryInstanceIndexes.bySourceExecution,
      partitionKey: { name: 'sourceExecutionId', type: dynamodb.AttributeType.STRING },
    });
    this.recoveryInstances.addGlobalSecondaryIndex({
      indexName: RecoveryInstanceIndexes.byAccountRegion,
      partitionKey: { name: 'accountRegion', type: dynamodb.AttributeType.STRING },
    });
    this.recoveryInstances.addGlobalSecondaryIndex({
      indexName: RecoveryInstanceIndexes.byRecoveryInstance,
      partitionKey: { name: 'recoveryInstanceId', type: dynamodb.AttributeType.STRING },
    });
    this.targetAccounts = table('TargetAccounts', 'accountId');
    this.syncRuns = table('SyncRuns', 'syncName', 'runId');
    this.protectionGroups = table('ProtectionGroups', 'groupId');
    this.recoveryPlans = table('RecoveryPlans', 'planId');
    this.recoveryJobs = table('RecoveryJobs', 'jobId');
    this.regionStatus = table('RegionStatus', 'accountId', 'region');
    this.inventory = table('SourceServerInventory', 'accountRegion', 'sourceServerId');
    this.idempotency = table('Idempotency', 'id', undefined, { timeToLiveAttribute: 'expiration' });
  }
}
