import { loadModel } from '../../../local/sim/models';
import { parseQueryStructure } from '../../../local/sim/protocols/query-params';
import { structureToXml } from '../../../local/sim/protocols/xml';

describe('query protocol parameters', () => {
  it('parses EC2 flattened lists and nested filters by the model', () => {
    const params = new Map(Object.entries({
      'InstanceId.1': 'i-0123456789abcdef0',
      'InstanceId.2': 'i-0123456789abcdef1',
      'Filter.1.Name': 'tag:Tier',
      'Filter.1.Value.1': 'web',
      'Filter.1.Value.2': 'app',
      MaxResults: '10',
      DryRun: 'false',
    }));
    expect(parseQueryStructure(loadModel('ec2'), 'DescribeInstancesRequest', params, 'ec2')).toEqual({
      InstanceIds: ['i-0123456789abcdef0', 'i-0123456789abcdef1'],
      Filters: [{ Name: 'tag:Tier', Values: ['web', 'app'] }],
      MaxResults: 10,
      DryRun: false,
    });
  });

  it('parses awsQuery member lists', () => {
    const params = new Map(Object.entries({ RoleArn: 'arn:aws:iam::222222222222:role/R', RoleSessionName: 'sess', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v', DurationSeconds: '900' }));
    expect(parseQueryStructure(loadModel('sts'), 'AssumeRoleRequest', params, 'query')).toEqual({
      RoleArn: 'arn:aws:iam::222222222222:role/R',
      RoleSessionName: 'sess',
      Tags: [{ Key: 'k', Value: 'v' }],
      DurationSeconds: 900,
    });
  });

  it('writes EC2 XML with locationNames and item-wrapped lists', () => {
    const xml = structureToXml(loadModel('ec2'), 'DescribeInstancesResult', { Reservations: [{ ReservationId: 'r-1', Instances: [{ InstanceId: 'i-1', Tags: [{ Key: 'a&b', Value: '<v>' }] }] }] });
    expect(xml).toBe(
      '<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><tagSet><item><key>a&amp;b</key><value>&lt;v&gt;</value></item></tagSet><instanceId>i-1</instanceId></item></instancesSet></item></reservationSet>',
    );
  });
});
