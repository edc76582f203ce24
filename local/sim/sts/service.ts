/** STS (awsQuery): GetCallerIdentity and AssumeRole with trust and ExternalId enforcement, and session policies (./session-policy.ts). */
import { commonError, type CommonErrors, SimError } from '../errors';
import { loadModel } from '../models';
import { queryProtocol } from '../protocols/query';
import type { RequestContext, ServiceDefinition } from '../service';
import { parseSessionPolicy } from './session-policy';

const ERRORS: CommonErrors = {
  throttle: { code: 'Throttling', status: 400 },
  'server-error': { code: 'InternalFailure', status: 500 },
  'access-denied': { code: 'AccessDenied', status: 403 },
  'missing-auth': { code: 'MissingAuthenticationToken', status: 403 },
  'unknown-key': { code: 'InvalidClientTokenId', status: 403 },
  'expired-token': { code: 'ExpiredToken', status: 400 },
  'unknown-operation': { code: 'InvalidAction', status: 400 },
  validation: { code: 'ValidationError', status: 400 },
};

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  ExternalId?: string;
  Policy?: string;
}

function getCallerIdentity(ctx: RequestContext) {
  return { UserId: ctx.principal.userId, Account: ctx.accountId, Arn: ctx.principal.arn };
}

function assumeRole(ctx: RequestContext, raw: Record<string, unknown>) {
  const input = raw as unknown as AssumeRoleInput;
  const denied = () =>
    commonError(ERRORS, 'access-denied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  const arn = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(input.RoleArn);
  if (!arn) throw commonError(ERRORS, 'validation', `${input.RoleArn} is invalid`);
  const role = ctx.estate.accounts.get(arn[1]!)?.role;
  // A missing role, an untrusting role and a wrong ExternalId look the same to the caller, as in IAM.
  if (!role || role.roleArn !== input.RoleArn) throw denied();
  if (!role.trustedAccountIds.includes(ctx.accountId)) throw denied();
  if (input.ExternalId !== role.externalId) throw denied();
  const sessionPolicy = input.Policy === undefined ? undefined : parseSessionPolicy(input.Policy);

  const duration = input.DurationSeconds ?? 3600;
  const expiresAt = ctx.credentialNow + duration * 1000;
  const accessKeyId = ctx.estate.ids.accessKeyId('ASIA');
  const secretAccessKey = ctx.estate.ids.secretAccessKey();
  const sessionToken = ctx.estate.ids.sessionToken();
  const assumedRoleId = `${role.roleId}:${input.RoleSessionName}`;
  const assumedArn = `arn:aws:sts::${arn[1]}:assumed-role/${arn[2]}/${input.RoleSessionName}`;
  ctx.estate.addPrincipal({
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiresAt,
    accountId: arn[1]!,
    userId: assumedRoleId,
    arn: assumedArn,
    ...(sessionPolicy ? { sessionPolicy } : {}),
  });
  return {
    Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: new Date(expiresAt) },
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: assumedArn },
  };
}

export function stsService(): ServiceDefinition {
  const model = loadModel('sts');
  return {
    name: 'sts',
    model,
    errors: ERRORS,
    protocol: queryProtocol(model, 'query', {
      unknownOperation: (detail) => new SimError('InvalidAction', 400, `Could not find operation ${detail} for version ${model.metadata.apiVersion}`),
      malformed: (detail) => new SimError('MalformedInput', 400, detail),
    }),
    operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
  };
}
