/* eslint-disable @typescript-eslint/no-explicit-any -- template properties are untyped JSON whose shape depends on the resource type */
import { IntrinsicError, resolveIntrinsics, type IntrinsicScope } from './intrinsics';
import { physicalResource } from './physical-ids';
import type {
  CfnResourceDefinition,
  CfnTemplate,
  HandlerReference,
  LocalAwsEnvironment,
  LocalFunction,
  LocalSchedule,
  LocalStateMachine,
  LocalTable,
  PhysicalResource,
} from './types';

/** Template metadata key that TaskFunction writes (infra/constructs/task-function.ts). */
export const HANDLER_METADATA_KEY = 'DrsOrchestrator:Handler';

export interface LocalCloudAssembly {
  readonly environment: Required<LocalAwsEnvironment>;
  readonly stackNames: readonly string[];
  readonly tables: readonly LocalTable[];
  readonly functions: readonly LocalFunction[];
  readonly stateMachines: readonly LocalStateMachine[];
  readonly schedules: readonly LocalSchedule[];
  /** Export name → resolved value, across all stacks. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Things that resolved to placeholders, e.g. an attribute the local runtime does not model. */
  readonly warnings: readonly string[];
  physicalResource(stackName: string, logicalId: string): PhysicalResource;
  /** Resolves any template fragment in the scope of one stack. */
  resolve(stackName: string, value: unknown): unknown;
  /** Accepts a function name, a function ARN (optionally qualified) or a partial `name:qualifier`. */
  findFunction(nameOrArn: string): LocalFunction | undefined;
  findStateMachine(arnOrName: string): LocalStateMachine | undefined;
}

const PSEUDO = (env: Required<LocalAwsEnvironment>, stackName: string): Record<string, string | string[]> => ({
  'AWS::Region': env.region,
  'AWS::AccountId': env.accountId,
  'AWS::Partition': env.partition,
  'AWS::URLSuffix': env.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
  'AWS::StackName': stackName,
  'AWS::StackId': `arn:${env.partition}:cloudformation:${env.region}:${env.accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
  'AWS::NotificationARNs': [],
});

/**
 * Loads every stack template of a CDK app, gives each resource its local
 * physical id and resolves intrinsics, including cross-stack `Fn::ImportValue`.
 *
 * @param templates stack name → template (the stack name, not the construct id)
 */
export function loadCloudAssembly(
  templates: Readonly<Record<string, CfnTemplate>>,
  env: LocalAwsEnvironment,
  parameterOverrides: Readonly<Record<string, Record<string, unknown>>> = {},
): LocalCloudAssembly {
  const environment = { partition: 'aws', ...env };
  const warnings: string[] = [];
  const physical = new Map<string, PhysicalResource>();
  const inProgress = new Set<string>();
  const scopes = new Map<string, IntrinsicScope>();
  let exportIndex: Map<string, { stackName: string; value: unknown }> | undefined;
  const exportValues = new Map<string, unknown>();

  const template = (stackName: string): CfnTemplate => {
    const t = templates[stackName];
    if (!t) throw new IntrinsicError(`Unknown stack ${stackName}`);
    return t;
  };
  const resourceDef = (stackName: string, logicalId: string): CfnResourceDefinition | undefined =>
    template(stackName).Resources?.[logicalId];

  const getPhysical = (stackName: string, logicalId: string): PhysicalResource => {
    const key = `${stackName}/${logicalId}`;
    const cached = physical.get(key);
    if (cached) return cached;
    const def = resourceDef(stackName, logicalId);
    if (!def) throw new IntrinsicError(`Unknown resource ${logicalId} in stack ${stackName}`);
    if (inProgress.has(key)) throw new IntrinsicError(`Circular reference while naming ${key}`);
    inProgress.add(key);
    try {
      const res = physicalResource({
        stackName,
        logicalId,
        type: def.Type,
        accountId: environment.accountId,
        region: environment.region,
        partition: environment.partition,
        nameProperty: (k) => {
          const raw = def.Properties?.[k];
          return raw === undefined ? undefined : String(resolveIntrinsics(raw, scope(stackName)));
        },
      });
      physical.set(key, res);
      return res;
    } finally {
      inProgress.delete(key);
    }
  };

  const buildExportIndex = () => {
    if (exportIndex) return exportIndex;
    exportIndex = new Map();
    for (const stackName of Object.keys(templates)) {
      for (const [outputId, output] of Object.entries(template(stackName).Outputs ?? {})) {
        if (!output.Export) continue;
        const name = String(resolveIntrinsics(output.Export.Name, scope(stackName), `Outputs.${outputId}.Export`));
        exportIndex.set(name, { stackName, value: output.Value });
      }
    }
    return exportIndex;
  };

  const importValue = (name: string): unknown => {
    if (exportValues.has(name)) return exportValues.get(name);
    const entry = buildExportIndex().get(name);
    if (!entry) throw new IntrinsicError(`Fn::ImportValue: no stack exports ${name}`);
    const value = resolveIntrinsics(entry.value, scope(entry.stackName), `Export ${name}`);
    exportValues.set(name, value);
    return value;
  };

  function scope(stackName: string): IntrinsicScope {
    const existing = scopes.get(stackName);
    if (existing) return existing;
    const t = template(stackName);
    const pseudo = PSEUDO(environment, stackName);
    const conditionCache = new Map<string, boolean>();
    const s: IntrinsicScope = {
      stackName,
      region: environment.region,
      ref: (name) => {
        if (name in pseudo) return pseudo[name];
        const overrides = parameterOverrides[stackName];
        if (overrides && name in overrides) return overrides[name];
        if (t.Parameters?.[name]) return t.Parameters[name].Default ?? '';
        if (t.Resources?.[name]) return getPhysical(stackName, name).ref;
        return undefined;
      },
      getAtt: (logicalId, attribute) => {
        const res = getPhysical(stackName, logicalId);
        const value = res.attributes[attribute];
        if (value !== undefined) return value;
        const placeholder = `local:${stackName}/${logicalId}.${attribute}`;
        warnings.push(`Fn::GetAtt ${logicalId}.${attribute} (${res.type}) is not modelled locally; using ${placeholder}`);
        return placeholder;
      },
      importValue,
      condition: (name) => {
        const cached = conditionCache.get(name);
        if (cached !== undefined) return cached;
        const def = t.Conditions?.[name];
        if (def === undefined) throw new IntrinsicError(`Unknown condition ${name} in stack ${stackName}`);
        const value = Boolean(resolveIntrinsics(def, s, `Conditions.${name}`));
        conditionCache.set(name, value);
        return value;
      },
      findInMap: (map, top, second) => {
        const v = t.Mappings?.[map]?.[top]?.[second];
        if (v === undefined) throw new IntrinsicError(`Fn::FindInMap ${map}.${top}.${second} not found in stack ${stackName}`);
        return v;
      },
    };
    scopes.set(stackName, s);
    return s;
  }

  const resolve = (stackName: string, value: unknown) => resolveIntrinsics(value, scope(stackName));

  const tables: LocalTable[] = [];
  const functions: LocalFunction[] = [];
  const stateMachines: LocalStateMachine[] = [];
  const schedules: LocalSchedule[] = [];

  for (const stackName of Object.keys(templates)) {
    const sc = scope(stackName);
    for (const [logicalId, def] of Object.entries(template(stackName).Resources ?? {})) {
      if (def.Condition && !sc.condition(def.Condition)) continue;
      const props = () => (resolveIntrinsics(def.Properties ?? {}, sc, `${stackName}.${logicalId}.Properties`) ?? {}) as Record<string, any>;
      const phys = () => getPhysical(stackName, logicalId);
      switch (def.Type) {
        case 'AWS::DynamoDB::Table':
        case 'AWS::DynamoDB::GlobalTable': {
          const p = props();
          const { Replicas: _replicas, ...rest } = p;
          tables.push({
            stackName,
            logicalId,
            tableName: phys().ref,
            arn: phys().attributes.Arn!,
            properties: { ...pickTableProperties(rest), TableName: phys().ref },
          });
          break;
        }
        case 'AWS::Lambda::Function': {
          const p = props();
          const meta = def.Metadata?.[HANDLER_METADATA_KEY] as HandlerReference | undefined;
          functions.push({
            stackName,
            logicalId,
            functionName: phys().ref,
            arn: phys().attributes.Arn!,
            handler: meta ? { entry: meta.entry, export: meta.export ?? 'handler' } : undefined,
            environment: stringRecord(p.Environment?.Variables ?? {}),
            timeoutSeconds: Number(p.Timeout ?? 3),
            memorySize: Number(p.MemorySize ?? 128),
            runtime: p.Runtime,
          });
          break;
        }
        case 'AWS::StepFunctions::StateMachine': {
          const p = props();
          let text: string =
            typeof p.DefinitionString === 'string' ? p.DefinitionString : JSON.stringify(p.Definition ?? {});
          for (const [k, v] of Object.entries((p.DefinitionSubstitutions ?? {}) as Record<string, unknown>)) {
            text = text.split(`\${${k}}`).join(String(v));
          }
          stateMachines.push({
            stackName,
            logicalId,
            name: phys().attributes.Name!,
            arn: phys().ref,
            roleArn: String(p.RoleArn ?? `arn:${environment.partition}:iam::${environment.accountId}:role/local-states`),
            type: p.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
            definition: JSON.parse(text) as Record<string, unknown>,
            definitionString: text,
          });
          break;
        }
        case 'AWS::Scheduler::Schedule': {
          const p = props();
          schedules.push({
            stackName,
            logicalId,
            name: phys().ref,
            source: 'AWS::Scheduler::Schedule',
            expression: String(p.ScheduleExpression),
            timezone: p.ScheduleExpressionTimezone,
            enabled: (p.State ?? 'ENABLED') === 'ENABLED',
            targets: p.Target ? [{ arn: String(p.Target.Arn), input: p.Target.Input, roleArn: p.Target.RoleArn }] : [],
            flexibleTimeWindow: p.FlexibleTimeWindow,
          });
          break;
        }
        case 'AWS::Events::Rule': {
          const p = props();
          if (!p.ScheduleExpression) break;
          schedules.push({
            stackName,
            logicalId,
            name: phys().ref,
            source: 'AWS::Events::Rule',
            expression: String(p.ScheduleExpression),
            enabled: (p.State ?? 'ENABLED') === 'ENABLED',
            targets: ((p.Targets ?? []) as Record<string, any>[]).map((t) => ({ arn: String(t.Arn), input: t.Input, roleArn: t.RoleArn })),
          });
          break;
        }
        default:
          break;
      }
    }
  }

  const exportsRecord: Record<string, unknown> = {};
  for (const name of buildExportIndex().keys()) exportsRecord[name] = importValue(name);

  const functionIndex = new Map<string, LocalFunction>();
  for (const f of functions) {
    functionIndex.set(f.functionName, f);
    functionIndex.set(f.arn, f);
  }
  const machineIndex = new Map<string, LocalStateMachine>();
  for (const m of stateMachines) {
    machineIndex.set(m.arn, m);
    machineIndex.set(m.name, m);
  }

  return {
    environment,
    stackNames: Object.keys(templates),
    tables,
    functions,
    stateMachines,
    schedules,
    exports: exportsRecord,
    warnings,
    physicalResource: getPhysical,
    resolve,
    findFunction: (nameOrArn) => {
      const direct = functionIndex.get(nameOrArn);
      if (direct) return direct;
      // Qualified ARN (`...:function:name:$LATEST`) or `name:alias`.
      const m = /^(?:arn:[^:]+:lambda:[^:]*:[^:]*:function:)?([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
      return m ? functionIndex.get(m[1]!) : undefined;
    },
    findStateMachine: (arnOrName) => machineIndex.get(arnOrName),
  };
}

const TABLE_KEYS = [
  'KeySchema',
  'AttributeDefinitions',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
  'StreamSpecification',
  'TimeToLiveSpecification',
] as const;

function pickTableProperties(p: Record<string, any>): Omit<LocalTable['properties'], 'TableName'> {
  const out: Record<string, unknown> = {};
  for (const k of TABLE_KEYS) if (p[k] !== undefined) out[k] = p[k];
  // GlobalTable puts throughput per replica; CreateTable needs a billing mode.
  if (!out.BillingMode && !out.ProvisionedThroughput) out.BillingMode = 'PAY_PER_REQUEST';
  return out as unknown as Omit<LocalTable['properties'], 'TableName'>;
}

function stringRecord(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
