import fc from 'fast-check';
import { IdFactory } from '../../../local/sim/ids';
import { hashString, Prng } from '../../../local/sim/prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, (() => { const r = new Prng(seed); return () => r.next(); })());
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps named streams independent of each other', () => {
    const a = Prng.stream(1, 'ids');
    const b = Prng.stream(1, 'faults');
    expect(a.next()).not.toEqual(b.next());
    expect(Prng.stream(1, 'ids').next()).toEqual(Prng.stream(1, 'ids').next());
  });

  it('stays within its ranges for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, min, span) => {
        const rng = new Prng(seed);
        const x = rng.next();
        const n = rng.int(min, min + span);
        return x >= 0 && x < 1 && Number.isInteger(n) && n >= min && n <= min + span;
      }),
    );
  });

  it('hashes strings stably', () => {
    expect(hashString('drs.DescribeJobs')).toBe(hashString('drs.DescribeJobs'));
    expect(hashString('a')).not.toBe(hashString('b'));
  });
});

describe('IdFactory', () => {
  it('produces ids in the real services formats', () => {
    const ids = new IdFactory(new Prng(7));
    expect(ids.sourceServer()).toMatch(/^s-[0-9a-f]{17}$/);
    expect(ids.job()).toMatch(/^drsjob-[0-9a-f]{17}$/);
    expect(ids.instance()).toMatch(/^i-[0-9a-f]{17}$/);
    expect(ids.accessKeyId('ASIA')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
