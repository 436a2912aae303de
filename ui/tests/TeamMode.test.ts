import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from '../src/App.svelte';
import Administrators from '../src/views/Administrators.svelte';
import type { AppInfo } from '../src/lib/api';
import { answer } from './ipc';

const info: AppInfo = {
  version: '0.1.0',
  lang: 'ru',
  dataDir: '/tmp/myscihub',
  logDir: '/tmp/myscihub/logs',
  demo: false,
  team: false,
  startEventId: null,
  startRoute: null,
};
const anna = { id: 1, name: 'Анна', email: 'anna@example.org' };
const administrator = (userId: number, name: string, email: string) => ({ userId, name, email, addedAt: '2027-01-01T00:00:00.000Z' });
const members = [
  { id: 1, role: 'owner', name: 'Анна', email: 'anna@example.org' },
  { id: 2, role: 'myscihub_boris', name: 'Борис', email: 'boris@example.org' },
  { id: 3, role: 'myscihub_vera', name: 'Вера', email: 'Vera@example.org' },
];

describe('Team mode: who you are', () => {
  it('shows the signed-in member and offers no profile switching', async () => {
    answer({ app_info: () => ({ ...info, team: true }), current_profile: () => anna, list_events: () => [] });
    render(App);

    expect(await screen.findByRole('heading', { name: 'Мои мероприятия' })).toBeInTheDocument();
    expect(screen.getByTestId('current-profile')).toHaveTextContent('Анна');
    expect(screen.queryByRole('button', { name: 'Сменить профиль' })).not.toBeInTheDocument();
  });

  it('never offers the profile picker, even when the member is not known', async () => {
    const calls = answer({ app_info: () => ({ ...info, team: true }), current_profile: () => null });
    render(App);

    expect(await screen.findByRole('alert')).toHaveTextContent('не нашёл в ней вас как участника');
    expect(screen.queryByText('Кто работает с приложением?')).not.toBeInTheDocument();
    expect(calls.map((c) => c.command)).not.toContain('list_profiles');
  });

  it('still offers switching profiles in local mode', async () => {
    answer({ app_info: () => info, current_profile: () => anna, list_events: () => [] });
    render(App);

    expect(await screen.findByRole('button', { name: 'Сменить профиль' })).toBeInTheDocument();
  });
});

describe('Administrators in team mode', () => {
  it("offers the team's members who are not administrators yet", async () => {
    const calls = answer({
      app_info: () => ({ ...info, team: true }),
      current_profile: () => anna,
      list_administrators: () => [administrator(1, 'Анна', 'anna@example.org')],
      team_members: () => members,
      add_administrator: () => [administrator(1, 'Анна', 'anna@example.org'), administrator(3, 'Вера', 'Vera@example.org')],
    });
    render(Administrators, { eventId: 3 });

    const picker = await screen.findByLabelText('Участники команды');
    const offered = within(picker)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(offered).toEqual(['Выберите участника', 'Борис — boris@example.org', 'Вера — Vera@example.org']);
    expect(screen.getByLabelText('Добавить администратора')).toHaveAttribute('placeholder', 'E-mail участника команды');

    await userEvent.selectOptions(picker, 'Vera@example.org');
    expect(screen.getByLabelText('Добавить администратора')).toHaveValue('Vera@example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Добавить' }));

    expect(calls.at(-1)).toEqual({ command: 'add_administrator', args: { eventId: 3, email: 'Vera@example.org' } });
    expect(await screen.findByText('Вера', { selector: 'strong' })).toBeInTheDocument();
    expect(within(screen.getByLabelText('Участники команды')).queryByText(/Вера/)).not.toBeInTheDocument();
  });

  it('offers no members in local mode', async () => {
    const calls = answer({
      app_info: () => info,
      current_profile: () => anna,
      list_administrators: () => [administrator(1, 'Анна', 'anna@example.org')],
    });
    render(Administrators, { eventId: 3 });

    expect(await screen.findByLabelText('Добавить администратора')).toHaveAttribute('placeholder', 'E-mail профиля на этом компьютере');
    await vi.waitFor(() => expect(calls.map((c) => c.command)).toContain('app_info'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByLabelText('Участники команды')).not.toBeInTheDocument();
    expect(calls.map((c) => c.command)).not.toContain('team_members');
  });
});
