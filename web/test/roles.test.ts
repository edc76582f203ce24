import { describe, expect, it } from 'vitest';
import { ACTION_OPERATION, permissionFor, roleFromGroups, type Action } from '../src/lib/roles';
import { permissionsFor } from './helpers';

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

describe('permissionFor', () => {
  it('names an operation of the API for every action', () => {
    const ready = permissionsFor('Admin');
    const known = ready.status === 'ready' ? ready.operations.map((o) => o.operationId) : [];
    expect(known).toEqual(expect.arrayContaining(Object.values(ACTION_OPERATION)));
  });

  it('follows the access the API states, with the role needed as the reason', () => {
    const operator = permissionsFor('Operator');
    expect(permissionFor(operator, 'syncNow')).toEqual({ allowed: true });
    expect(permissionFor(operator, 'terminateInstances')).toEqual({ allowed: false, reason: 'Requires RecoveryManager; your role is Operator.' });
    expect(permissionFor(permissionsFor('RecoveryManager'), 'terminateInstances')).toEqual({ allowed: true });
    expect(permissionFor(permissionsFor('RecoveryManager'), 'removeTargetAccount')).toEqual({ allowed: false, reason: 'Requires Admin; your role is RecoveryManager.' });
  });

  it('comes from the API, not the token: an operation the API allows a reader is allowed', () => {
    const state = { status: 'ready', role: 'ReadOnly', operations: [{ operationId: 'validate_target_account', method: 'POST', path: '/x', access: 'ReadOnly', allowed: true }] } as const;
    expect(permissionFor(state, 'validateTargetAccount')).toEqual({ allowed: true });
    expect(permissionFor(state, 'syncNow')).toEqual({ allowed: false, reason: 'The API does not offer this action.' });
  });

  it.each([
    [{ status: 'loading' } as const, 'Checking your permissions…'],
    [{ status: 'noRole' } as const, 'You are in no role group; ask an Admin to add you to one.'],
    [{ status: 'error', message: 'Cannot reach /api' } as const, 'Could not load your permissions: Cannot reach /api'],
  ])('allows nothing while %o, and says why', (state, reason) => {
    for (const action of Object.keys(ACTION_OPERATION) as Action[]) expect(permissionFor(state, action)).toEqual({ allowed: false, reason });
  });
});
