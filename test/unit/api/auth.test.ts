import '../../support/api/env';
import { groupsFromClaim, principalFromClaims } from '../../../api/auth/principal';
import { ROLES, hasRole, highestRole } from '../../../api/auth/roles';

describe('roles', () => {
  it.each([
    ['Admin', 'ReadOnly', true],
    ['Admin', 'Admin', true],
    ['RecoveryManager', 'PlanManager', true],
    ['PlanManager', 'RecoveryManager', false],
    ['Operator', 'PlanManager', false],
    ['ReadOnly', 'Operator', false],
    [null, 'ReadOnly', false],
  ] as const)('%s meets %s: %s', (held, least, expected) => {
    expect(hasRole(held, least)).toBe(expected);
  });

  it('orders every role strictly', () => {
    ROLES.forEach((stronger, i) =>
      ROLES.forEach((weaker, j) => expect(hasRole(stronger, weaker)).toBe(i <= j)),
    );
  });

  it('takes the most powerful of several groups, ignoring case and unknown groups', () => {
    expect(highestRole(['ReadOnly', 'operator', 'Unrelated'])).toBe('Operator');
    expect(highestRole(['Unrelated'])).toBeNull();
    expect(highestRole([])).toBeNull();
  });
});

describe('Cognito claims', () => {
  it.each([
    ['Admin', ['Admin']],
    ['ReadOnly,Operator', ['ReadOnly', 'Operator']],
    ['[Operator PlanManager]', ['Operator', 'PlanManager']],
    ['["Operator","ReadOnly"]', ['Operator', 'ReadOnly']],
    [['RecoveryManager'], ['RecoveryManager']],
    ['', []],
    [undefined, []],
    [42, []],
  ])('reads cognito:groups %p', (value, groups) => {
    expect(groupsFromClaim(value)).toEqual(groups);
  });

  it('makes a user principal with the highest group', () => {
    expect(principalFromClaims({ 'cognito:username': 'ana', 'cognito:groups': 'ReadOnly,PlanManager' })).toEqual({
      kind: 'user',
      username: 'ana',
      role: 'PlanManager',
    });
  });

  it('gives no role to a user without a known group, and no principal without claims', () => {
    expect(principalFromClaims({ sub: 'abc' })).toEqual({ kind: 'user', username: 'abc', role: null });
    expect(principalFromClaims(null)).toBeNull();
    expect(principalFromClaims({})).toBeNull();
  });
});
