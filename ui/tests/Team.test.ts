import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Settings from '../src/views/Settings.svelte';
import { href, parse } from '../src/lib/router.svelte';
import type { AppInfo, TeamStatus } from '../src/lib/api';
import { answer, fault, refuse } from './ipc';

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
const local: TeamStatus = {
  team: false,
  database: null,
  role: null,
  memberName: null,
  memberEmail: null,
  owner: false,
  schemaVersion: null,
  reachable: true,
  problem: null,
};
const joined: TeamStatus = {
  team: true,
  database: 'db.example.org:5432/myscihub',
  role: 'myscihub_boris',
  memberName: 'Борис',
  memberEmail: 'boris@example.org',
  owner: true,
  schemaVersion: 3,
  reachable: true,
  problem: null,
};
const code = 'MSH1-eyJ1cmwiOiJwb3N0Z3JlczovL2RiLmV4YW1wbGUub3JnL215c2NpaHViIn0';

/** Settings → Команда, this run of the app working with `running`'s database. */
function renderTeam(running: 'local' | 'team', handlers: Parameters<typeof answer>[0]) {
  const calls = answer({ app_info: () => ({ ...info, team: running === 'team' }), ...handlers });
  render(Settings, { section: 'team' });
  return calls;
}

const commands = (calls: { command: string }[]) => calls.map((c) => c.command);

describe('Settings → Команда, local mode', () => {
  it('has an address of its own, next to Zoom', () => {
    expect(parse('#/settings/team')).toEqual({ page: 'settings', section: 'team' });
    expect(href({ page: 'settings', section: 'team' })).toBe('#/settings/team');
    expect(parse('#/settings')).toEqual({ page: 'settings' });
  });

  it("says this computer works with its own database, explains team mode, and offers joining or setting one up", async () => {
    const calls = renderTeam('local', { team_status: () => local });

    expect(await screen.findByText('Этот компьютер работает со своей базой данных.')).toBeInTheDocument();
    expect(screen.getByText(/одной базе PostgreSQL, общей для всех их администраторов/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Команда' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Присоединиться' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Создать команду' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Пригласить' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Выйти из команды' })).not.toBeInTheDocument();
    expect(commands(calls)).not.toContain('zoom_settings');
  });

  it('shows a failed status with «Повторить»', async () => {
    let attempt = 0;
    renderTeam('local', {
      team_status: () => {
        attempt += 1;
        if (attempt === 1) throw fault('storage', 'Не удалось прочитать настройки команды.');
        return local;
      },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать настройки команды.');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByText('Этот компьютер работает со своей базой данных.')).toBeInTheDocument();
  });

  it('joins with a code on Enter, then says what happens and offers the restart', async () => {
    const calls = renderTeam('local', { team_status: () => local, team_join: () => joined, restart_app: () => null });

    await userEvent.type(await screen.findByLabelText(/Код приглашения/), `${code}{Enter}`);

    expect(calls.find((c) => c.command === 'team_join')?.args).toEqual({ code });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Готово: после перезапуска MySciHub будет работать с базой команды. Данные этого компьютера сохранятся.',
    );
    const restart = screen.getByRole('button', { name: 'Перезапустить' });
    expect(restart).toHaveFocus();
    expect(screen.getByTestId('team-database')).toHaveTextContent('db.example.org:5432/myscihub');
    expect(screen.queryByRole('button', { name: 'Присоединиться' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Создать команду' })).not.toBeInTheDocument();

    await userEvent.click(restart);
    expect(commands(calls)).toContain('restart_app');
  });

  it("shows a refused join's message next to the form and keeps the code", async () => {
    const message = 'Этот код приглашения уже использован (или устарел). Попросите владельца команды о новом.';
    renderTeam('local', { team_status: () => local, team_join: refuse(fault('join_code_used', message)) });

    const field = await screen.findByLabelText(/Код приглашения/);
    await userEvent.type(field, code);
    await userEvent.click(screen.getByRole('button', { name: 'Присоединиться' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(field).toHaveValue(code);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Присоединиться' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Перезапустить' })).not.toBeInTheDocument();
  });

  it("sets a team up with the owner's password, which never shows on the page", async () => {
    const owner: TeamStatus = { ...joined, role: 'owner', memberName: 'Анна', memberEmail: 'anna@example.org' };
    const calls = renderTeam('local', { team_status: () => local, team_init: () => owner });

    await userEvent.type(await screen.findByLabelText('Адрес базы данных'), 'postgres://db.example.org/myscihub');
    await userEvent.type(screen.getByLabelText('Роль владельца'), 'owner');
    await userEvent.type(screen.getByLabelText('Пароль роли владельца'), 'очень-секретно');
    expect(screen.getByLabelText('Пароль роли владельца')).toHaveAttribute('type', 'password');
    await userEvent.type(screen.getByLabelText('Имя'), 'Анна');
    await userEvent.type(screen.getByLabelText('E-mail'), 'anna@example.org');
    await userEvent.click(screen.getByLabelText('Перенести данные этого компьютера'));
    await userEvent.click(screen.getByRole('button', { name: 'Создать команду' }));

    expect(calls.find((c) => c.command === 'team_init')?.args).toEqual({
      input: { databaseUrl: 'postgres://db.example.org/myscihub', role: 'owner', name: 'Анна', email: 'anna@example.org', importLocal: true },
      password: 'очень-секретно',
    });
    expect(await screen.findByRole('status')).toHaveTextContent('после перезапуска MySciHub будет работать с базой команды');
    expect(document.body.textContent).not.toContain('очень-секретно');
  });

  it("keeps every field when setting up is refused, and marks the field at fault", async () => {
    renderTeam('local', {
      team_status: () => local,
      team_init: refuse(fault('invalid_input', 'Введите e-mail вида name@example.org.', 'email')),
    });

    await userEvent.type(await screen.findByLabelText('Адрес базы данных'), 'postgres://localhost/myscihub');
    await userEvent.type(screen.getByLabelText('Пароль роли владельца'), 'secret');
    await userEvent.type(screen.getByLabelText('E-mail'), 'anna{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Введите e-mail вида name@example.org.');
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Адрес базы данных')).toHaveValue('postgres://localhost/myscihub');
    expect(screen.getByLabelText('Пароль роли владельца')).toHaveValue('secret');
  });
});

describe('Settings → Команда, team mode', () => {
  const issued = { member: { id: 5, role: 'myscihub_vera', name: 'Вера', email: 'vera@example.org' }, code };

  it('shows the database, the role, who you are and whether the database answers', async () => {
    renderTeam('team', { team_status: () => ({ ...joined, reachable: false, problem: 'Сервер базы данных не отвечает.' }) });

    expect(await screen.findByText('Этот компьютер работает с базой данных команды.')).toBeInTheDocument();
    expect(screen.getByTestId('team-database')).toHaveTextContent('db.example.org:5432/myscihub');
    expect(screen.getByText('myscihub_boris')).toBeInTheDocument();
    expect(screen.getByText('Борис')).toBeInTheDocument();
    expect(screen.getByText('3')).toBeInTheDocument();
    expect(screen.getByText('База не отвечает')).toBeInTheDocument();
    expect(screen.getByText('Сервер базы данных не отвечает.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Присоединиться' })).not.toBeInTheDocument();
  });

  it('offers inviting to the owner only: the database refuses anyone else', async () => {
    renderTeam('team', { team_status: () => ({ ...joined, owner: false }) });
    expect(await screen.findByText('myscihub_boris')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Пригласить' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Выйти из команды' })).toBeInTheDocument();
  });

  it('invites a member: the code, read-only, with the secret warning, copied, and gone once the form is used again', async () => {
    const user = userEvent.setup();
    const calls = renderTeam('team', { team_status: () => joined, team_invite: () => issued });

    await user.type(await screen.findByLabelText('Имя'), 'Вера');
    await user.type(screen.getByLabelText('E-mail'), 'vera@example.org{Enter}');

    expect(calls.find((c) => c.command === 'team_invite')?.args).toEqual({ name: 'Вера', email: 'vera@example.org', role: null });
    const field = await screen.findByLabelText('Код приглашения для Вера (vera@example.org)');
    expect(field).toHaveValue(code);
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveAccessibleDescription(
      'Это секрет: по коду входят в базу команды как этот участник. Передайте его лично или по защищённому каналу. Код сработает один раз.',
    );
    expect(screen.getByLabelText('Имя')).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Скопировать' }));
    expect(await navigator.clipboard.readText()).toBe(code);
    expect(screen.getByText('Скопировано')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Имя'), 'Г');
    expect(screen.queryByDisplayValue(code)).not.toBeInTheDocument();
    expect(screen.queryByText(/Это секрет/)).not.toBeInTheDocument();
  });

  it('sends the existing role when one is given, and shows a refusal next to the form', async () => {
    const calls = renderTeam('team', {
      team_status: () => joined,
      team_invite: refuse(fault('team_refused', 'Приглашать участников может только владелец команды.')),
    });

    await userEvent.type(await screen.findByLabelText('Имя'), 'Вера');
    await userEvent.type(screen.getByLabelText('E-mail'), 'vera@example.org');
    await userEvent.type(screen.getByLabelText('Роль, созданная администратором базы (необязательно)'), 'vera_dba{Enter}');

    expect(calls.find((c) => c.command === 'team_invite')?.args).toEqual({ name: 'Вера', email: 'vera@example.org', role: 'vera_dba' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Приглашать участников может только владелец команды.');
    expect(screen.getByLabelText('Имя')).toHaveValue('Вера');
    expect(screen.queryByText(/Это секрет/)).not.toBeInTheDocument();
  });

  it('asks before leaving: Escape keeps the team, confirming leaves and offers the restart', async () => {
    const calls = renderTeam('team', { team_status: () => joined, team_leave: () => local });

    const leave = await screen.findByRole('button', { name: 'Выйти из команды' });
    await userEvent.click(leave);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('вернётся к данным этого компьютера — таким, какими они были до входа в команду');
    expect(dialog).toHaveTextContent('Данные команды останутся в базе команды');
    expect(commands(calls)).not.toContain('team_leave');

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(leave).toHaveFocus();
    expect(commands(calls)).not.toContain('team_leave');

    await userEvent.click(leave);
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Выйти из команды' }));

    expect(commands(calls)).toContain('team_leave');
    expect(await screen.findByRole('status')).toHaveTextContent('после перезапуска MySciHub будет работать с базой данных этого компьютера');
    expect(screen.getByRole('button', { name: 'Перезапустить' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Пригласить' })).not.toBeInTheDocument();
  });

  it('offers only the restart when the change waits for one', async () => {
    renderTeam('local', { team_status: () => joined });

    expect(await screen.findByRole('status')).toHaveTextContent('после перезапуска MySciHub будет работать с базой команды');
    expect(screen.getByRole('button', { name: 'Перезапустить' })).not.toHaveFocus();
    expect(screen.queryByRole('button', { name: 'Пригласить' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Присоединиться' })).not.toBeInTheDocument();
  });
});
