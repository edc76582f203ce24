import { isoDuration } from '../../../local/sim/drs/render';
import { launchInstance, isVisible, setInstanceState } from '../../../local/sim/ec2/instances';
import { Estate } from '../../../local/sim/state/estate';
import { Scheduler } from '../../../local/sim/state/scheduler';

describe('Scheduler', () => {
  it('runs due events in time order, ties in insertion order, and leaves later ones queued', () => {
    const s = new Scheduler();
    const ran: string[] = [];
    s.schedule(30, () => ran.push('c'));
    s.schedule(10, () => ran.push('a1'));
    s.schedule(10, () => ran.push('a2'));
    s.schedule(20, () => {
      ran.push('b');
      s.schedule(25, () => ran.push('b-child'));
    });
    s.advance(25);
    expect(ran).toEqual(['a1', 'a2', 'b', 'b-child']);
    expect(s.pending).toBe(1);
    s.advance(100);
    expect(ran.at(-1)).toBe('c');
  });
});

describe('Estate', () => {
  it('keeps state per account and region and creates a network for each', () => {
    const estate = new Estate(1);
    const a = estate.region('222222222222', 'us-east-1');
    const b = estate.region('222222222222', 'us-west-2');
    expect(estate.region('222222222222', 'us-east-1')).toBe(a);
    expect(a).not.toBe(b);
    expect(a.network.subnets.map((s) => s.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(a.drsInitialized).toBe(false);
  });

  it('initializes DRS only in an account’s configured regions and resolves its keys', () => {
    const estate = new Estate(1);
    estate.addAccount({ accountId: '222222222222', drsRegions: ['eu-west-1'], userName: 'u', accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 's' });
    expect(estate.region('222222222222', 'eu-west-1').drsInitialized).toBe(true);
    expect(estate.region('222222222222', 'us-east-1').drsInitialized).toBe(false);
    expect(estate.principal('AKIAEXAMPLE000000001')?.arn).toBe('arn:aws:iam::222222222222:user/u');
  });

  it('hides terminated instances an hour after termination, as EC2 does', () => {
    const estate = new Estate(1);
    const region = estate.region('222222222222', 'us-east-1');
    const instance = launchInstance(estate, region, { instanceType: 't3.medium', tier: 'web', subnetIndex: 0, tags: {}, launchTime: 0 });
    expect(instance.privateIpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
    setInstanceState(instance, 'terminated', 1000);
    expect(isVisible(instance, 1000 + 59 * 60_000)).toBe(true);
    expect(isVisible(instance, 1000 + 60 * 60_000)).toBe(false);
  });
});

describe('isoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [59, 'PT59S'],
    [3600, 'PT1H'],
    [3723, 'PT1H2M3S'],
    [86400 * 2 + 60, 'P2DT1M'],
  ])('%i s is %s', (seconds, expected) => expect(isoDuration(seconds)).toBe(expected));
});
