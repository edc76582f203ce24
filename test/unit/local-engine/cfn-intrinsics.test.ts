import { loadCloudAssembly, type CfnTemplate } from '../../../local/cfn';

const env = { accountId: '111111111111', region: 'eu-west-1' };

const producer: CfnTemplate = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
  Mappings: { Sizes: { dev: { Memory: 256 } } },
  Resources: {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      },
    },
    NamedTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: { 'Fn::Sub': '${AWS::StackName}-sessions-${Stage}' },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      },
    },
    Topic: { Type: 'AWS::SNS::Topic' },
    Key: { Type: 'AWS::KMS::Key' },
    ProdOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' },
  },
  Outputs: {
    TableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] }, Export: { Name: 'Producer:TableArn' } },
    TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: { 'Fn::Join': [':', [{ Ref: 'AWS::StackName' }, 'Topic']] } } },
  },
};

const consumer: CfnTemplate = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'DrsOrchestrator:Handler': { entry: 'tasks/x.ts', export: 'handler' } },
      Properties: {
        Timeout: 30,
        Environment: {
          Variables: {
            TABLE_ARN: { 'Fn::ImportValue': 'Producer:TableArn' },
            TABLE_NAME: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::ImportValue': 'Producer:TableArn' }] }] },
            TOPIC: { 'Fn::ImportValue': 'Producer:Topic' },
            PARTITION_URL: { 'Fn::Join': ['', ['https://', { Ref: 'AWS::Partition' }, '.', { Ref: 'AWS::URLSuffix' }]] },
            ESCAPED: { 'Fn::Sub': ['${!Literal}-${Name}-${AWS::Region}-${AWS::AccountId}', { Name: 'x' }] },
            OPTIONAL: { Ref: 'AWS::NoValue' },
            SELF: { 'Fn::Sub': '${Machine.Name}|${Machine}' },
          },
        },
      },
    },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: 'Orders',
        RoleArn: 'arn:aws:iam::111111111111:role/r',
        DefinitionString: {
          'Fn::Join': ['', ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['Fn', 'Arn'] }, '","End":true}}}']],
        },
      },
    },
    Sched: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        ScheduleExpression: 'rate(5 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: { Ref: 'Machine' }, RoleArn: 'arn:aws:iam::111111111111:role/s', Input: '{"a":1}' },
      },
    },
  },
};

const load = () => loadCloudAssembly({ Producer: producer, Consumer: consumer }, env);

test('physical ids: tables get readable <stack>-<logicalId> names unless TableName is set, and ARNs use account and region', () => {
  const a = load();
  expect(a.tables.map((t) => t.tableName)).toEqual(['Producer-Table', 'Producer-sessions-dev']);
  expect(a.tables[0]!.arn).toBe('arn:aws:dynamodb:eu-west-1:111111111111:table/Producer-Table');
  expect(a.tables[1]!.properties).toMatchObject({ TableName: 'Producer-sessions-dev', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] });
  expect(a.physicalResource('Producer', 'Key').ref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(load().physicalResource('Producer', 'Key').ref).toBe(a.physicalResource('Producer', 'Key').ref);
});

test('intrinsics: ImportValue across stacks, Select/Split, Join, Sub with escapes and GetAtt, NoValue removal', () => {
  const fn = load().functions[0]!;
  expect(fn.functionName).toBe('Consumer-Fn');
  expect(fn.arn).toBe('arn:aws:lambda:eu-west-1:111111111111:function:Consumer-Fn');
  expect(fn.handler).toEqual({ entry: 'tasks/x.ts', export: 'handler' });
  expect(fn.timeoutSeconds).toBe(30);
  expect(fn.environment).toEqual({
    TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:111111111111:table/Producer-Table',
    TABLE_NAME: 'Producer-Table',
    TOPIC: 'arn:aws:sns:eu-west-1:111111111111:Producer-Topic',
    PARTITION_URL: 'https://aws.amazonaws.com',
    ESCAPED: '${Literal}-x-eu-west-1-111111111111',
    SELF: 'Orders|arn:aws:states:eu-west-1:111111111111:stateMachine:Orders',
  });
});

test('state machines: DefinitionString is resolved and parsed, schedules are listed with their targets', () => {
  const a = load();
  const machine = a.findStateMachine('arn:aws:states:eu-west-1:111111111111:stateMachine:Orders')!;
  expect(machine.name).toBe('Orders');
  expect((machine.definition as any).States.A.Resource).toBe('arn:aws:lambda:eu-west-1:111111111111:function:Consumer-Fn');
  expect(a.schedules).toEqual([
    expect.objectContaining({
      name: 'Consumer-Sched',
      expression: 'rate(5 minutes)',
      enabled: true,
      targets: [{ arn: machine.arn, input: '{"a":1}', roleArn: 'arn:aws:iam::111111111111:role/s' }],
      flexibleTimeWindow: { Mode: 'OFF' },
    }),
  ]);
  expect(a.exports).toEqual({ 'Producer:TableArn': a.tables[0]!.arn, 'Producer:Topic': 'arn:aws:sns:eu-west-1:111111111111:Producer-Topic' });
  expect(a.findFunction(`${a.functions[0]!.arn}:$LATEST`)).toBe(a.functions[0]);
});

test('conditions: a resource whose Condition is false does not exist locally; FindInMap and Fn::If resolve', () => {
  const a = load();
  expect(a.resolve('Producer', { 'Fn::If': ['IsProd', 'big', { 'Fn::FindInMap': ['Sizes', 'dev', 'Memory'] }] })).toBe(256);
  const prod = loadCloudAssembly({ Producer: producer }, env, { Producer: { Stage: 'prod' } });
  expect(prod.resolve('Producer', { 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
  expect(a.resolve('Producer', { 'Fn::GetAtt': ['Table', 'StreamArn'] })).toMatch(/table\/Producer-Table\/stream\//);
});

test('errors: an unknown Ref or a missing export names what is missing', () => {
  const broken: CfnTemplate = { Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Nope' } } } } };
  expect(() => loadCloudAssembly({ Broken: broken }, env).physicalResource('Broken', 'T')).toThrow(/Ref to unknown Nope/);
  expect(() => loadCloudAssembly({ Consumer: consumer }, env)).toThrow(/no stack exports Producer:TableArn/);
});
