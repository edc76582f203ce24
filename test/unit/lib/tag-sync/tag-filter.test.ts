import fc from 'fast-check';
import { DRS_MAX_TAGS, planTags, selectTags } from '../../../../lib/tag-sync/tag-filter';

const all = { includePrefixes: [], excludePrefixes: [] };

describe('selectTags', () => {
  it('never copies aws: tags, whatever the case', () => {
    expect(selectTags({ 'aws:cloudformation:stack-name': 's', 'AWS:x': 'y', Name: 'web-1' }, all)).toEqual({ Name: 'web-1' });
  });

  it('keeps only included prefixes, and an exclude prefix wins', () => {
    const tags = { 'cost:centre': 'c1', 'cost:secret': 's', Owner: 'team', Name: 'web' };
    expect(selectTags(tags, { includePrefixes: ['cost:', 'Owner'], excludePrefixes: ['cost:secret'] })).toEqual({ 'cost:centre': 'c1', Owner: 'team' });
  });

  it('selects a subset of the instance tags with no aws: key (property)', () => {
    const key = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(key, key.map((k) => `aws:${k}`)), fc.string({ maxLength: 10 })), fc.array(fc.string({ maxLength: 3 })), fc.array(fc.string({ maxLength: 3 })), (tags, inc, exc) => {
        const selected = selectTags(tags, { includePrefixes: inc, excludePrefixes: exc });
        for (const [k, v] of Object.entries(selected)) {
          expect(tags[k]).toBe(v);
          expect(k.toLowerCase().startsWith('aws:')).toBe(false);
          expect(exc.some((p) => k.startsWith(p))).toBe(false);
        }
      }),
    );
  });
});

describe('planTags', () => {
  it('writes nothing when the server already carries the selected tags', () => {
    expect(planTags({ Name: 'web', Extra: 'kept' }, { Name: 'web' })).toEqual({ kind: 'unchanged' });
  });

  it('writes only missing and changed tags', () => {
    expect(planTags({ Name: 'web', Owner: 'old' }, { Name: 'web', Owner: 'new', Tier: 'db' })).toEqual({ kind: 'write', tags: { Owner: 'new', Tier: 'db' } });
  });

  it('refuses a write that would pass the DRS limit of 50 tags', () => {
    const current = Object.fromEntries(Array.from({ length: DRS_MAX_TAGS }, (_, i) => [`k${i}`, 'v']));
    expect(planTags(current, { extra: 'x' })).toEqual({ kind: 'over-limit', wouldHave: DRS_MAX_TAGS + 1 });
  });

  it('after applying its write the server is unchanged (property)', () => {
    const tags = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.string({ maxLength: 3 }), { maxKeys: 20 });
    fc.assert(
      fc.property(tags, tags, (current, selected) => {
        const plan = planTags(current, selected);
        const after = plan.kind === 'write' ? { ...current, ...plan.tags } : current;
        if (plan.kind !== 'over-limit') expect(planTags(after, selected)).toEqual({ kind: 'unchanged' });
      }),
    );
  });
});
