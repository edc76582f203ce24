import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { instance } from '../../test/helpers';
import { groupByAccountRegion, TerminateModal, typedConfirmationReasons } from './TerminateModal';

const drill = (id: string, accountId = '222222222222', region = 'us-west-2') => ({ ...instance(id, accountId, region), isDrill: true });

describe('TerminateModal', () => {
  const instances = [drill('aaaaaaaa01'), drill('bbbbbbbb02', '111111111111', 'us-east-1'), drill('cccccccc03')];

  it('lists exactly the selected instances, with account and region, and says no other is touched', () => {
    render(<TerminateModal target={{ kind: 'selected', instances }} submitting={false} onConfirm={() => undefined} onCancel={() => undefined} />);
    const dialog = screen.getByRole('dialog');
    const rows = within(within(dialog).getByRole('table', { name: 'Instances to terminate' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('i-aaaaaaaa01'),
      expect.stringContaining('i-bbbbbbbb02'),
      expect.stringContaining('i-cccccccc03'),
    ]);
    expect(dialog.textContent).toContain('This terminates exactly the 3 selected recovery instances, in 111111111111 / us-east-1 (1), 222222222222 / us-west-2 (2), and no other.');
    expect(within(dialog).queryByText('Type to confirm')).toBeNull();
  });

  it('names the execution when it terminates all of its instances', () => {
    render(<TerminateModal target={{ kind: 'execution', executionId: 'exec-1', instances }} submitting={false} onConfirm={() => undefined} onCancel={() => undefined} />);
    expect(screen.getByRole('dialog').textContent).toContain('This terminates every cached recovery instance of execution exec-1: 3 instances');
  });

  it('confirms a small drill termination at once, and cancels', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(<TerminateModal target={{ kind: 'selected', instances }} submitting={false} onConfirm={onConfirm} onCancel={onCancel} />);
    await userEvent.click(screen.getByRole('button', { name: 'Terminate 3 instances' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it.each([
    ['more than 10 instances', Array.from({ length: 11 }, (_, i) => drill(`dddddd${String(i).padStart(4, '0')}`)), /terminates 11 instances \(more than 10\)/],
    ['a recovery instance', [{ ...drill('eeeeeeee01'), isDrill: false }], /1 was launched by a RECOVERY/],
    ['an instance not known to be a drill', [{ ...drill('ffffffff01'), isDrill: null }], /1 is not known to be a drill's/],
  ])('makes the user type "terminate" for %s', async (_case, affected, reason) => {
    const onConfirm = vi.fn();
    render(<TerminateModal target={{ kind: 'selected', instances: affected }} submitting={false} onConfirm={onConfirm} onCancel={() => undefined} />);
    const button = screen.getByRole('button', { name: `Terminate ${affected.length} instance${affected.length === 1 ? '' : 's'}` });
    expect(screen.getByRole('dialog').textContent).toMatch(reason);
    expect(button.hasAttribute('disabled')).toBe(true);
    await userEvent.click(button);
    await userEvent.type(screen.getByRole('textbox', { name: 'Type terminate to confirm' }), 'termin');
    expect(button.hasAttribute('disabled')).toBe(true);
    await userEvent.type(screen.getByRole('textbox', { name: 'Type terminate to confirm' }), 'ate');
    expect(button.hasAttribute('disabled')).toBe(false);
    await userEvent.click(button);
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('needs no typing for ten drill instances', () => {
    expect(typedConfirmationReasons(Array.from({ length: 10 }, (_, i) => drill(`gggggg${String(i).padStart(4, '0')}`)))).toEqual([]);
  });

  it('groups by account and region', () => {
    expect(groupByAccountRegion(instances).map((g) => [g.accountId, g.region, g.instances.length])).toEqual([
      ['111111111111', 'us-east-1', 1],
      ['222222222222', 'us-west-2', 2],
    ]);
  });
});
