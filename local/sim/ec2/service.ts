/** EC2 (ec2 query protocol). */
import { type CommonErrors, SimError } from '../errors';
import { loadModel } from '../models';
import { queryProtocol } from '../protocols/query';
import type { ServiceDefinition } from '../service';
import { describeInstances } from './describe-instances';
import { createTags, describeTags } from './tags';

const ERRORS: CommonErrors = {
  throttle: { code: 'RequestLimitExceeded', status: 503 },
  'server-error': { code: 'InternalError', status: 500 },
  'access-denied': { code: 'UnauthorizedOperation', status: 403 },
  'missing-auth': { code: 'MissingAuthenticationToken', status: 401 },
  'unknown-key': { code: 'AuthFailure', status: 401 },
  'expired-token': { code: 'RequestExpired', status: 400 },
  'unknown-operation': { code: 'InvalidAction', status: 400 },
  validation: { code: 'InvalidParameterValue', status: 400 },
};

export function ec2Service(): ServiceDefinition {
  const model = loadModel('ec2');
  return {
    name: 'ec2',
    model,
    errors: ERRORS,
    protocol: queryProtocol(model, 'ec2', {
      unknownOperation: (detail) => new SimError('InvalidAction', 400, `The action ${detail} is not valid for this web service.`),
      malformed: (detail) => new SimError('InvalidParameterValue', 400, detail),
    }),
    operations: { DescribeInstances: describeInstances, DescribeTags: describeTags, CreateTags: createTags },
  };
}
