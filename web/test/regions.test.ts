import { describe, expect, it } from 'vitest';
import { DRS_COMMERCIAL_REGIONS } from '../../lib/regions/drs-regions';
import { DRS_REGIONS } from '../src/lib/regions';

describe('console region list', () => {
  it('is the DRS region list the API accepts', () => {
    expect(DRS_REGIONS).toEqual([...DRS_COMMERCIAL_REGIONS]);
  });
});
