/** A CloudFormation template as CDK synthesizes it (only the parts the local runtime reads). */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources?: Record<string, CfnResourceDefinition>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface CfnResourceDefinition {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

/** Account and region the local platform pretends to be. */
export interface LocalAwsEnvironment {
  readonly accountId: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** What `Ref` and `Fn::GetAtt` return for one resource. */
export interface PhysicalResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** The value of `Ref`. */
  readonly ref: string;
  /** The values of `Fn::GetAtt`, by attribute name. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface LocalTable {
  readonly stackName: string;
  readonly logicalId: string;
  readonly tableName: string;
  readonly arn: string;
  /** Resolved properties, ready for a DynamoDB CreateTable call. */
  readonly properties: {
    readonly TableName: string;
    readonly KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    readonly AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
    readonly GlobalSecondaryIndexes?: Record<string, unknown>[];
    readonly LocalSecondaryIndexes?: Record<string, unknown>[];
    readonly BillingMode?: string;
    readonly ProvisionedThroughput?: Record<string, unknown>;
    readonly StreamSpecification?: Record<string, unknown>;
    readonly TimeToLiveSpecification?: Record<string, unknown>;
  };
}

export interface HandlerReference {
  /** Source module relative to the project root. */
  readonly entry: string;
  /** Exported handler function name. */
  readonly export: string;
}

export interface LocalFunction {
  readonly stackName: string;
  readonly logicalId: string;
  readonly functionName: string;
  readonly arn: string;
  /** Where the code lives; absent for functions without the handler metadata (e.g. CDK custom-resource providers). */
  readonly handler?: HandlerReference;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly runtime?: string;
}

export interface LocalStateMachine {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** The ASL, parsed. */
  readonly definition: Record<string, unknown>;
  /** The ASL exactly as a deployed machine reports it. */
  readonly definitionString: string;
}

export interface ScheduleTarget {
  readonly arn: string;
  /** JSON text, as the target receives it; absent means the service default. */
  readonly input?: string;
  readonly roleArn?: string;
}

export interface LocalSchedule {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  readonly source: 'AWS::Scheduler::Schedule' | 'AWS::Events::Rule';
  readonly expression: string;
  readonly timezone?: string;
  readonly enabled: boolean;
  readonly targets: readonly ScheduleTarget[];
  readonly flexibleTimeWindow?: { Mode: string; MaximumWindowInMinutes?: number };
}
