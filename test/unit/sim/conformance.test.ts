import { checkInput, checkOutput } from '../../../local/sim/conformance';

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
