import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import Administrators from '../src/views/Administrators.svelte';
import { answer, fault, refuse } from './ipc';

const anna = { userId: 1, name: 'Анна', email: 'anna@example.org', addedAt: '2027-01-01T00:00:00.000Z' };
const boris = { userId: 2, name: 'Борис', email: 'boris@example.org', addedAt: '2027-01-02T00:00:00.000Z' };

describe('Administrators', () => {
  it('adds an administrator by the e-mail of a local profile', async () => {
    const calls = answer({
      current_profile: () => ({ id: 1, name: 'Анна', email: 'anna@example.org' }),
      list_administrators: () => [anna],
      add_administrator: () => [anna, boris],
    });
    render(Administrators, { eventId: 3 });

    await userEvent.type(await screen.findByLabelText('Добавить администратора'), 'boris@example.org{Enter}');

    expect(calls.at(-1)).toEqual({ command: 'add_administrator', args: { eventId: 3, email: 'boris@example.org' } });
    expect(await screen.findByText('Борис')).toBeInTheDocument();
    expect(screen.getByLabelText('Добавить администратора')).toHaveValue('');
  });

  it('asks before removing, and Escape keeps the administrator', async () => {
    const calls = answer({
      current_profile: () => ({ id: 1, name: 'Анна', email: 'anna@example.org' }),
      list_administrators: () => [anna, boris],
      remove_administrator: () => [anna],
    });
    render(Administrators, { eventId: 3 });

    const removeButtons = await screen.findAllByRole('button', { name: 'Удалить' });
    await userEvent.click(removeButtons[1]);
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Лишить Борис прав администратора');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.command === 'remove_administrator')).toBe(false);

    await userEvent.click(removeButtons[1]);
    await userEvent.click(screen.getAllByRole('button', { name: 'Удалить' }).at(-1)!);
    expect(calls.at(-1)).toEqual({ command: 'remove_administrator', args: { eventId: 3, userId: 2 } });
    expect(screen.queryByText('Борис')).not.toBeInTheDocument();
  });

  it('leaves the event when you remove yourself', async () => {
    window.location.hash = '#/events/3/administrators';
    answer({
      current_profile: () => ({ id: 1, name: 'Анна', email: 'anna@example.org' }),
      list_administrators: () => [anna, boris],
      remove_administrator: () => [boris],
    });
    render(Administrators, { eventId: 3 });

    await userEvent.click((await screen.findAllByRole('button', { name: 'Удалить' }))[0]);
    await userEvent.click(screen.getAllByRole('button', { name: 'Удалить' }).at(-1)!);

    await vi.waitFor(() => expect(window.location.hash).toBe('#/'));
  });

  it('explains why the last administrator stays', async () => {
    answer({
      current_profile: () => ({ id: 1, name: 'Анна', email: 'anna@example.org' }),
      list_administrators: () => [anna],
      remove_administrator: refuse(fault('last_administrator', 'У мероприятия должен остаться хотя бы один администратор.')),
    });
    render(Administrators, { eventId: 3 });

    await userEvent.click(await screen.findByRole('button', { name: 'Удалить' }));
    await userEvent.click(screen.getAllByRole('button', { name: 'Удалить' }).at(-1)!);

    expect(await screen.findByRole('alert')).toHaveTextContent('хотя бы один администратор');
    expect(screen.getByText('Анна')).toBeInTheDocument();
  });
});
