import { DrsClient } from '@aws-sdk/client-drs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invocationScope } from '../../local/lambda';

/** IAM action prefix of each client we call. */
const CLIENTS: ReadonlyArray<readonly [{ prototype: { send: (...args: never[]) => unknown } }, string]> = [
  [DrsClient, 'drs'],
  [EC2Client, 'ec2'],
  [SSMClient, 'ssm'],
  [STSClient, 'sts'],
  [SFNClient, 'states'],
  [DynamoDBClient, 'dynamodb'],
  [DynamoDBDocumentClient, 'dynamodb'],
];

/** lib-dynamodb command names differ from the DynamoDB actions they perform. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

export function iamActionOf(prefix: string, command: object): string {
  const name = command.constructor.name.replace(/Command$/, '');
  return `${prefix}:${prefix === 'dynamodb' ? (DOCUMENT_COMMANDS[name] ?? name) : name}`;
}

export interface AwsCallRecorder {
  /** IAM actions each function's code called, by the function's logical id. */
  readonly actions: Map<string, Set<string>>;
  /**
   * IAM actions called with assumed-role credentials, i.e. in a target account
   * through its role (the hub's own calls use the platform's static keys).
   * Read after settled(): the credentials are resolved asynchronously.
   */
  readonly targetAccountActions: Set<string>;
  /** Waits until every recorded call's credentials were looked at. */
  settled(): Promise<void>;
  restore(): void;
}

type CredentialsConfig = { config?: { credentials?: unknown } };

/** Whether the client sends with temporary (assumed-role) credentials: they carry a session token. */
async function usesAssumedRole(client: CredentialsConfig): Promise<boolean> {
  const provider = client.config?.credentials;
  const identity = (typeof provider === 'function' ? await (provider as () => Promise<unknown>)() : provider) as { sessionToken?: string } | undefined;
  return Boolean(identity?.sessionToken);
}

/** Records every AWS SDK command sent inside a local Lambda invocation, by function. */
export function recordAwsCalls(): AwsCallRecorder {
  const actions = new Map<string, Set<string>>();
  const targetAccountActions = new Set<string>();
  const pending = new Set<Promise<void>>();
  const restores: Array<() => void> = [];
  for (const [client, prefix] of CLIENTS) {
    const proto = client.prototype as { send: (command: object, ...rest: unknown[]) => unknown };
    const hadOwn = Object.prototype.hasOwnProperty.call(proto, 'send');
    const original = proto.send;
    proto.send = function send(this: unknown, command: object, ...rest: unknown[]) {
      const scope = invocationScope.getStore();
      if (scope) {
        const action = iamActionOf(prefix, command);
        const set = actions.get(scope.logicalId) ?? new Set<string>();
        set.add(action);
        actions.set(scope.logicalId, set);
        const check = usesAssumedRole(this as CredentialsConfig)
          .then((assumed) => void (assumed && targetAccountActions.add(action)))
          .catch(() => undefined)
          .finally(() => pending.delete(check));
        pending.add(check);
      }
      return original.call(this, command, ...rest);
    };
    restores.push(() => {
      if (hadOwn) proto.send = original;
      else delete (proto as Partial<typeof proto>).send;
    });
  }
  return {
    actions,
    targetAccountActions,
    settled: async () => void (await Promise.all([...pending])),
    restore: () => restores.forEach((r) => r()),
  };
}

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> };

/** Actions every statement of the function's role grants, from the synthesized template. */
export function grantedActions(template: Template, functionLogicalId: string): Set<string> {
  const fn = template.Resources[functionLogicalId];
  const roleId = fn.Properties?.Role?.['Fn::GetAtt']?.[0] as string;
  const actions = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles ?? []) as Array<{ Ref?: string }>;
    if (!roles.some((r) => r.Ref === roleId)) continue;
    for (const statement of resource.Properties?.PolicyDocument?.Statement ?? []) {
      for (const action of [statement.Action].flat()) actions.add(action);
    }
  }
  return actions;
}
