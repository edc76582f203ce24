import { createHash } from 'node:crypto';
import type { PhysicalResource } from './types';

/**
 * Deterministic local physical ids. CloudFormation invents random suffixes;
 * locally the same template must always give the same names, so tests and
 * restarts of the platform see the same tables and ARNs.
 */

export interface NamingContext {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Resolved value of a naming property such as `TableName`, if the template sets one. */
  readonly nameProperty: (key: string) => string | undefined;
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** `<stack>-<logicalId>`, cut to `max` characters with a hash that keeps cut names distinct. */
export function generatedName(stackName: string, logicalId: string, max: number): string {
  const full = `${stackName}-${logicalId}`;
  if (full.length <= max) return full;
  const hash = shortHash(full);
  return `${full.slice(0, max - hash.length - 1)}-${hash}`;
}

/** Which property carries a resource's name, and how long names may be. */
const NAME_PROPERTIES: Record<string, { key: string; max: number; lower?: boolean }> = {
  'AWS::DynamoDB::Table': { key: 'TableName', max: 255 },
  'AWS::DynamoDB::GlobalTable': { key: 'TableName', max: 255 },
  'AWS::Lambda::Function': { key: 'FunctionName', max: 64 },
  'AWS::StepFunctions::StateMachine': { key: 'StateMachineName', max: 80 },
  'AWS::SNS::Topic': { key: 'TopicName', max: 256 },
  'AWS::SQS::Queue': { key: 'QueueName', max: 80 },
  'AWS::IAM::Role': { key: 'RoleName', max: 64 },
  'AWS::IAM::ManagedPolicy': { key: 'ManagedPolicyName', max: 128 },
  'AWS::IAM::Policy': { key: 'PolicyName', max: 128 },
  'AWS::Logs::LogGroup': { key: 'LogGroupName', max: 512 },
  'AWS::S3::Bucket': { key: 'BucketName', max: 63, lower: true },
  'AWS::Events::Rule': { key: 'Name', max: 64 },
  'AWS::Events::EventBus': { key: 'Name', max: 256 },
  'AWS::Scheduler::Schedule': { key: 'Name', max: 64 },
  'AWS::Scheduler::ScheduleGroup': { key: 'Name', max: 64 },
  'AWS::SSM::Parameter': { key: 'Name', max: 2048 },
  'AWS::KMS::Alias': { key: 'AliasName', max: 256 },
};

export function physicalName(ctx: NamingContext): string {
  const spec = NAME_PROPERTIES[ctx.type];
  const explicit = spec ? ctx.nameProperty(spec.key) : undefined;
  if (explicit) return explicit;
  const name = generatedName(ctx.stackName, ctx.logicalId, spec?.max ?? 64);
  return spec?.lower ? name.toLowerCase() : name;
}

/** A uuid-shaped id derived from the resource's identity (KMS key ids look like this). */
function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function physicalResource(ctx: NamingContext): PhysicalResource {
  const { stackName, logicalId, type, accountId: acct, region, partition: p } = ctx;
  const name = physicalName(ctx);
  const seed = `${acct}/${region}/${stackName}/${logicalId}`;
  const base = { stackName, logicalId, type };
  const arn = (service: string, resource: string, withRegion = true, withAccount = true) =>
    `arn:${p}:${service}:${withRegion ? region : ''}:${withAccount ? acct : ''}:${resource}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const tableArn = arn('dynamodb', `table/${name}`);
      return { ...base, ref: name, attributes: { Arn: tableArn, StreamArn: `${tableArn}/stream/1970-01-01T00:00:00.000`, TableName: name } };
    }
    case 'AWS::Lambda::Function':
      return { ...base, ref: name, attributes: { Arn: arn('lambda', `function:${name}`), FunctionName: name } };
    case 'AWS::StepFunctions::StateMachine': {
      const smArn = arn('states', `stateMachine:${name}`);
      return { ...base, ref: smArn, attributes: { Arn: smArn, Name: name, StateMachineRevisionId: smArn } };
    }
    case 'AWS::SNS::Topic': {
      const topicArn = arn('sns', name);
      return { ...base, ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
    }
    case 'AWS::SQS::Queue': {
      const url = `https://sqs.${region}.amazonaws.com/${acct}/${name}`;
      return { ...base, ref: url, attributes: { Arn: arn('sqs', name), QueueName: name, QueueUrl: url } };
    }
    case 'AWS::KMS::Key': {
      const keyId = stableUuid(seed);
      return { ...base, ref: keyId, attributes: { Arn: arn('kms', `key/${keyId}`), KeyId: keyId } };
    }
    case 'AWS::IAM::Role':
      return { ...base, ref: name, attributes: { Arn: arn('iam', `role/${name}`, false), RoleId: `AROA${shortHash(seed, 16).toUpperCase()}` } };
    case 'AWS::IAM::ManagedPolicy': {
      const policyArn = arn('iam', `policy/${name}`, false);
      return { ...base, ref: policyArn, attributes: { PolicyArn: policyArn } };
    }
    case 'AWS::Logs::LogGroup':
      return { ...base, ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
    case 'AWS::S3::Bucket':
      return {
        ...base,
        ref: name,
        attributes: {
          Arn: `arn:${p}:s3:::${name}`,
          DomainName: `${name}.s3.amazonaws.com`,
          RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
          WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
        },
      };
    case 'AWS::Events::Rule':
      return { ...base, ref: name, attributes: { Arn: arn('events', `rule/${name}`) } };
    case 'AWS::Events::EventBus':
      return { ...base, ref: name, attributes: { Arn: arn('events', `event-bus/${name}`), Name: name } };
    case 'AWS::Scheduler::Schedule':
      return { ...base, ref: name, attributes: { Arn: arn('scheduler', `schedule/${ctx.nameProperty('GroupName') ?? 'default'}/${name}`) } };
    case 'AWS::Scheduler::ScheduleGroup':
      return { ...base, ref: name, attributes: { Arn: arn('scheduler', `schedule-group/${name}`) } };
    case 'AWS::Cognito::UserPool': {
      const id = `${region}_${shortHash(seed, 9)}`;
      return {
        ...base,
        ref: id,
        attributes: { Arn: arn('cognito-idp', `userpool/${id}`), ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`, ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${id}`, UserPoolId: id },
      };
    }
    case 'AWS::ApiGateway::RestApi': {
      const id = shortHash(seed, 10);
      return { ...base, ref: id, attributes: { RestApiId: id, RootResourceId: shortHash(`${seed}/root`, 10) } };
    }
    case 'AWS::CloudFront::Distribution': {
      const id = `E${shortHash(seed, 13).toUpperCase()}`;
      return { ...base, ref: id, attributes: { Id: id, DomainName: `${shortHash(seed, 14)}.cloudfront.net` } };
    }
    default: {
      // Everything else gets a name and an ARN-shaped Arn; other attributes are looked up lazily.
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      const kind = type.split('::')[2]?.toLowerCase() ?? 'resource';
      return { ...base, ref: name, attributes: { Arn: arn(service, `${kind}/${name}`) } };
    }
  }
}
