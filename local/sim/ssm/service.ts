/**
 * SSM (awsJson1_1). The protocol, errors and accounting are in place; the
 * operations (SendCommand with AWSDisasterRecovery-InstallDRAgentOnInstance,
 * GetCommandInvocation) are the next to add. Until then every model operation
 * answers a clear "not implemented" error.
 */
import { type CommonErrors, SimError } from '../errors';
import { loadModel } from '../models';
import { awsJsonProtocol } from '../protocols/aws-json';
import type { ServiceDefinition } from '../service';

const ERRORS: CommonErrors = {
  throttle: { code: 'ThrottlingException', status: 400 },
  'server-error': { code: 'InternalServerError', status: 500 },
  'access-denied': { code: 'AccessDeniedException', status: 400 },
  'missing-auth': { code: 'MissingAuthenticationTokenException', status: 400 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 400 },
  'expired-token': { code: 'ExpiredTokenException', status: 400 },
  'unknown-operation': { code: 'UnknownOperationException', status: 400 },
  validation: { code: 'ValidationException', status: 400 },
};

export function ssmService(): ServiceDefinition {
  const model = loadModel('ssm');
  return {
    name: 'ssm',
    model,
    errors: ERRORS,
    protocol: awsJsonProtocol(model, {
      unknownOperation: (detail) => new SimError('UnknownOperationException', 400, `Unknown operation ${detail}`),
      malformed: (detail) => new SimError('SerializationException', 400, detail),
    }),
    operations: {},
  };
}
