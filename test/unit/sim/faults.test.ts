import { FaultEngine, FaultRuleError, validateFaultRules } from '../../../local/sim/faults';

describe('fault rules', () => {
  it.each([
    [{ fault: 'explode' }, /fault must be one of/],
    [{ fault: 'throttle', probability: 2 }, /probability must be a number from 0 to 1/],
    [{ fault: 'throttle', count: 0 }, /count must be a positive integer/],
    [{ fault: 'latency' }, /latencyMs is required/],
    [{ fault: 'throttle', service: 's3' }, /service must be one of/],
    [{ fault: 'throttle', accountId: '12' }, /accountId must be a 12-digit/],
    [{ fault: 'throttle', colour: 'red' }, /colour is not a fault rule field/],
    // A misspelt operation would match no call and inject nothing.
    [{ fault: 'throttle', service: 'drs', operation: 'DescribeJob' }, /operation DescribeJob is not an operation of drs's model/],
    [{ fault: 'throttle', service: 'ec2', operation: 'DescribeJobs' }, /not an operation of ec2's model/],
    [{ fault: 'throttle', operation: 'describeJobs' }, /not an operation of any simulated service/],
  ])('rejects %j', (rule, message) => {
    expect(() => validateFaultRules([rule])).toThrow(FaultRuleError);
    expect(() => validateFaultRules([rule])).toThrow(message);
  });

  it('accepts an operation of the named service, or of any service when none is named', () => {
    expect(validateFaultRules([{ fault: 'throttle', service: 'drs', operation: 'DescribeJobs' }, { fault: 'throttle', operation: 'AssumeRole' }])).toHaveLength(2);
  });

  it('requires an array', () => expect(() => validateFaultRules({})).toThrow(/array/));

  it('matches on service, operation, account and region and spends counted rules', () => {
    const engine = new FaultEngine(1);
    engine.set([{ service: 'drs', operation: 'DescribeJobs', accountId: '222222222222', region: 'us-east-1', fault: 'throttle', count: 2, retryAfterSeconds: 7 }]);
    expect(engine.decide('drs', 'DescribeJobs', '333333333333', 'us-east-1').error).toBeUndefined();
    expect(engine.decide('drs', 'DescribeJobs', '222222222222', 'us-west-2').error).toBeUndefined();
    expect(engine.decide('ec2', 'DescribeJobs', '222222222222', 'us-east-1').error).toBeUndefined();
    expect(engine.decide('drs', 'DescribeJobs', '222222222222', 'us-east-1').error).toEqual({ fault: 'throttle', retryAfterSeconds: 7 });
    expect(engine.list()[0]!.count).toBe(1);
    engine.decide('drs', 'DescribeJobs', '222222222222', 'us-east-1');
    expect(engine.decide('drs', 'DescribeJobs', '222222222222', 'us-east-1').error).toBeUndefined();
  });

  it('adds up latency rules and lets the first error rule win', () => {
    const engine = new FaultEngine(1);
    engine.set([
      { fault: 'latency', latencyMs: 100 },
      { fault: 'latency', latencyMs: 50 },
      { fault: 'access-denied' },
      { fault: 'server-error' },
    ]);
    expect(engine.decide('sts', 'AssumeRole', '111111111111', 'us-east-1')).toEqual({ latencyMs: 150, error: { fault: 'access-denied', retryAfterSeconds: 1 } });
  });

  it('draws probabilities reproducibly from the seed', () => {
    const run = (seed: number) => {
      const engine = new FaultEngine(seed);
      engine.set([{ fault: 'server-error', probability: 0.5 }]);
      return Array.from({ length: 40 }, () => engine.decide('drs', 'DescribeJobs', '222222222222', 'us-east-1').error !== undefined);
    };
    expect(run(5)).toEqual(run(5));
    const fired = run(5).filter(Boolean).length;
    expect(fired).toBeGreaterThan(8);
    expect(fired).toBeLessThan(32);
  });
});
