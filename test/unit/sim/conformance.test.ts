import { checkError, checkInput, checkOutput } from '../../../local/sim/conformance';
import { conflict, DRS_ERRORS, inputValidationError, invalidToken, notFound, quotaExceeded, validationError } from '../../../local/sim/drs/errors';
import { commonError, SimError, type CommonErrorKind } from '../../../local/sim/errors';

describe('conformance checks against the botocore models', () => {
  it('accepts a valid DRS response', () => {
    expect(checkOutput('drs', 'DescribeJobs', { items: [{ jobID: 'drsjob-0123456789abcdef0', status: 'COMPLETED', type: 'LAUNCH' }] })).toEqual([]);
  });

  it('reports a missing required member, a bad enum, an unknown member and a bad pattern with their paths', () => {
    const problems = checkOutput('drs', 'DescribeJobs', {
      items: [{ status: 'FAILED', colour: 'red', participatingServers: [{ sourceServerID: 's-short', launchStatus: 'LAUNCHED' }] }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DescribeJobsOutput.items[0].jobID: required member missing'),
        expect.stringContaining('DescribeJobsOutput.items[0].status: string "FAILED" is not one of PENDING, STARTED, COMPLETED'),
        expect.stringContaining('items[0].colour: not a member of Job'),
        expect.stringContaining('items[0].participatingServers[0].sourceServerID'),
      ]),
    );
    expect(problems.every((p) => p.startsWith('drs DescribeJobs: '))).toBe(true);
  });

  it('checks scalar types, timestamps and list bounds', () => {
    expect(checkOutput('ec2', 'DescribeInstances', { Reservations: [{ Instances: [{ State: { Code: '16', Name: 'running' }, LaunchTime: 'not a date' }] }] })).toEqual(
      expect.arrayContaining([expect.stringContaining('State.Code: expected integer'), expect.stringContaining('LaunchTime: expected timestamp')]),
    );
    expect(checkInput('drs', 'StartRecovery', { sourceServers: [] })).toEqual([expect.stringContaining('minimum is 1')]);
  });

  it('tolerates unknown request members, as real services do', () => {
    expect(checkInput('drs', 'DescribeJobs', { somethingNew: true })).toEqual([]);
  });
});

describe('error bodies against the model’s exception shapes', () => {
  it('every DRS error the estate raises has only the members of its shape', () => {
    const raised = [
      validationError('maxResults must be at most 1000', 'maxResults'),
      validationError('The body is not JSON'),
      invalidToken(),
      inputValidationError(['request.sourceServers: list of 0 is below the minimum 1', 'request: something']),
      notFound('SOURCE_SERVER', 's-0123456789abcdef0', 'not found'),
      conflict('SOURCE_SERVER', 's-0123456789abcdef0', 'busy'),
      quotaExceeded('L-1234', 'too many'),
      ...(Object.keys(DRS_ERRORS) as CommonErrorKind[]).map((kind) => commonError(DRS_ERRORS, kind, 'common', kind === 'throttle' ? { retryAfterSeconds: 3 } : {})),
    ];
    for (const error of raised) expect([error.code, checkError('drs', error)]).toEqual([error.code, []]);
  });

  it('reports a member the shape does not have, and a member of the wrong type', () => {
    const invented = new SimError('ValidationException', 400, 'bad', { fields: { reason: 'fieldValidationFailed', fieldName: 'maxResults' } });
    expect(checkError('drs', invented)).toEqual([expect.stringContaining('ValidationException.fieldName: not a member of ValidationException')]);
    const badReason = new SimError('ValidationException', 400, 'bad', { fields: { reason: 'FIELD' } });
    expect(checkError('drs', badReason)).toEqual([expect.stringContaining('ValidationException.reason')]);
  });
});
