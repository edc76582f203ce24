import type { CfnTemplate, LocalCloudAssembly } from '../cfn';

export interface EventRuleTarget {
  readonly id: string;
  readonly arn: string;
  /** Constant JSON text sent instead of the event. */
  readonly input?: string;
  /** JSONPath of the part of the event sent. */
  readonly inputPath?: string;
  readonly inputTransformer?: unknown;
}

/** An AWS::Events::Rule of the app that matches events (scheduled rules are the scheduler's). */
export interface EventRule {
  readonly stackName: string;
  readonly logicalId: string;
  readonly name: string;
  /** The bus the rule listens on; `default` unless the template names one. */
  readonly eventBusName: string;
  readonly enabled: boolean;
  readonly eventPattern: Record<string, unknown>;
  readonly targets: readonly EventRuleTarget[];
}

/** Bus name from `EventBusName`, which CloudFormation accepts as a name or an ARN. */
const busName = (value: unknown) => (typeof value === 'string' && value ? value.split('/').pop()! : 'default');

/** Reads the app's event-pattern rules from its synthesized templates, intrinsics resolved. */
export function loadEventRules(templates: Readonly<Record<string, CfnTemplate>>, assembly: LocalCloudAssembly): EventRule[] {
  const rules: EventRule[] = [];
  for (const [stackName, template] of Object.entries(templates)) {
    for (const [logicalId, def] of Object.entries(template.Resources ?? {})) {
      if (def.Type !== 'AWS::Events::Rule' || !def.Properties?.EventPattern) continue;
      const p = assembly.resolve(stackName, def.Properties) as Record<string, unknown>;
      const pattern = typeof p.EventPattern === 'string' ? (JSON.parse(p.EventPattern) as Record<string, unknown>) : (p.EventPattern as Record<string, unknown>);
      rules.push({
        stackName,
        logicalId,
        name: assembly.physicalResource(stackName, logicalId).ref,
        eventBusName: busName(p.EventBusName),
        enabled: (p.State ?? 'ENABLED') === 'ENABLED',
        eventPattern: pattern,
        targets: ((p.Targets ?? []) as Record<string, unknown>[]).map((t) => ({
          id: String(t.Id),
          arn: String(t.Arn),
          input: t.Input as string | undefined,
          inputPath: t.InputPath as string | undefined,
          inputTransformer: t.InputTransformer,
        })),
      });
    }
  }
  return rules;
}
