import { describe, expect, it } from 'vitest';
import { can, hasRole, roleFromGroups } from '../src/lib/roles';

describe('roleFromGroups', () => {
  it('picks the most powerful role among the groups', () => {
    expect(roleFromGroups(['ReadOnly', 'RecoveryManager', 'Operator'])).toBe('RecoveryManager');
    expect(roleFromGroups('ReadOnly,Operator')).toBe('Operator');
    expect(roleFromGroups('[readonly admin]')).toBe('Admin');
    expect(roleFromGroups('planmanager')).toBe('PlanManager');
  });
  it('answers null when no group is a role', () => {
    expect(roleFromGroups(['Developers'])).toBeNull();
    expect(roleFromGroups(undefined)).toBeNull();
    expect(roleFromGroups(42)).toBeNull();
  });
});

describe('can', () => {
  it.each([
    ['ReadOnly', false, false, false],
    ['Operator', true, false, false],
    ['PlanManager', true, false, false],
    ['RecoveryManager', true, true, false],
    ['Admin', true, true, true],
  ] as const)('%s: sync %s, terminate %s, manage accounts %s', (role, sync, terminate, manage) => {
    expect(can(role, 'syncNow')).toBe(sync);
    expect(can(role, 'terminateInstances')).toBe(terminate);
    expect(can(role, 'manageTargetAccounts')).toBe(manage);
    expect(can(role, 'validateTargetAccount')).toBe(manage);
  });
  it('gives a user without a role nothing', () => {
    expect(can(null, 'syncNow')).toBe(false);
    expect(hasRole(null, 'ReadOnly')).toBe(false);
  });
});
