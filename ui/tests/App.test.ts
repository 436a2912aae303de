import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { answer, authorization, fault, refuse } from './ipc';
import { account, connection, details, meeting, settings, withStoredMeetings, zoomSide } from './zoom';

const info = { version: '0.1.0', lang: 'ru', dataDir: '/tmp/myscihub', logDir: '/tmp/myscihub/logs', demo: false, startEventId: null, startRoute: null };
const conference = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2027-03-01', endsOn: '2027-03-03' };
const anna = { id: 1, name: 'Анна', email: 'anna@example.org' };

describe('App', () => {
  it('opens Settings from the top bar', async () => {
    answer({
      app_info: () => info,
      current_profile: () => anna,
      list_events: () => [],
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
    });
    render(App);

    await userEvent.click(await screen.findByRole('link', { name: 'Настройки' }));
    expect(window.location.hash).toBe('#/settings');
    expect(await screen.findByRole('heading', { name: 'Настройки' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Настройки' })).toHaveAttribute('aria-current', 'page');
  });

  it('explains a Zoom sign-in started outside the app, whatever page is open', async () => {
    answer({ app_info: () => info, current_profile: () => anna, list_events: () => [] });
    render(App);
    await screen.findByRole('heading', { name: 'Мои мероприятия' });

    await authorization({
      eventId: null,
      connectionId: null,
      connected: false,
      fault: fault('unknown_authorization', 'Вход в Zoom начат не из MySciHub: подключите аккаунт на странице Zoom мероприятия.'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Вход в Zoom начат не из MySciHub');
  });

  it('opens the start route once the profile is known, before the start event', async () => {
    const page = details([meeting(111, 'Пленарное заседание')]);
    const calls = answer(
      withStoredMeetings({
        app_info: () => ({ ...info, startEventId: 3, startRoute: '#/events/3/integrations/zoom/1' }),
        current_profile: () => anna,
        open_event: () => conference,
        zoom_connection_details: () => page,
        refresh_zoom_connection: () => page,
      }),
    );
    render(App);

    expect(await screen.findByRole('heading', { name: 'Основной зал' })).toBeInTheDocument();
    expect(await screen.findByRole('listitem', { name: 'Пленарное заседание' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/events/3/integrations/zoom/1');
    expect(calls.find((c) => c.command === 'zoom_connection_details')?.args).toEqual({ eventId: 3, connectionId: 1 });
    const order = calls.map((c) => c.command);
    expect(order.indexOf('current_profile')).toBeLessThan(order.indexOf('zoom_connection_details'));
  });

  it('opens the start route after the profile is chosen when none is signed in', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал', { status: 'connected', account })] });
    answer({
      ...zoom.handlers,
      app_info: () => ({ ...info, startRoute: '#/events/3/integrations/zoom' }),
      current_profile: () => null,
      list_profiles: () => [anna],
      sign_in: () => anna,
      open_event: () => conference,
    });
    render(App);

    expect(window.location.hash).toBe('');
    await userEvent.click(await screen.findByRole('button', { name: /Анна/ }));
    expect(await screen.findByRole('heading', { name: 'Zoom' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/events/3/integrations/zoom');
  });

  it('opens the start event when there is no start route', async () => {
    answer({ app_info: () => ({ ...info, startEventId: 3 }), current_profile: () => anna, open_event: () => conference });
    render(App);
    expect(await screen.findByRole('heading', { name: 'Панель управления' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/events/3');
  });

  it('stays on the page already open instead of the start route', async () => {
    window.location.hash = '#/settings';
    await new Promise((resolve) => setTimeout(resolve, 0));
    answer({
      app_info: () => ({ ...info, startRoute: '#/events/3/integrations/zoom/1' }),
      current_profile: () => anna,
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
    });
    render(App);
    expect(await screen.findByRole('heading', { name: 'Настройки' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/settings');
  });
});

describe('App when the data could not be opened', () => {
  const keychainUnavailable = {
    ...fault(
      'keychain_unavailable',
      'Системная связка ключей недоступна: она заблокирована или ещё не запущена. Сохранённые подключения Zoom в безопасности: приложение ничего не изменило и не создало новый ключ. Разблокируйте связку ключей и нажмите «Повторить».',
    ),
    lang: 'ru' as const,
  };
  const keyFileMissing = {
    ...fault(
      'token_key_missing',
      'Пропал файл ключа шифрования /home/anna/.local/share/org.myscihub.desktop/token.key. Восстановите файл из резервной копии и нажмите «Повторить» — или нажмите «Подключить аккаунты заново».',
    ),
    lang: 'ru' as const,
  };
  const retries = (calls: { command: string; args: Record<string, unknown> }[]) =>
    calls.filter((c) => c.command === 'retry_startup').map((c) => c.args);

  it('says plainly that the keychain is unavailable and the connections are safe, and «Повторить» retries', async () => {
    const calls = answer({
      app_info: refuse(keychainUnavailable),
      retry_startup: () => info,
      current_profile: () => anna,
      list_events: () => [],
    });
    render(App);

    expect(await screen.findByRole('heading', { name: 'MySciHub не открыл свои данные' })).toBeInTheDocument();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Системная связка ключей недоступна');
    expect(alert).toHaveTextContent('Сохранённые подключения Zoom в безопасности');
    expect(retries(calls)).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByRole('heading', { name: 'Мои мероприятия' })).toBeInTheDocument();
    expect(retries(calls)).toEqual([{ newKey: false }]);
    expect(screen.queryByRole('heading', { name: 'MySciHub не открыл свои данные' })).not.toBeInTheDocument();
  });

  it('shows the latest reason when a retry fails again, and stays ready to retry', async () => {
    let attempt = 0;
    const calls = answer({
      app_info: refuse(keychainUnavailable),
      retry_startup: () => {
        attempt += 1;
        if (attempt === 1) throw keyFileMissing;
        return info;
      },
      current_profile: () => anna,
      list_events: () => [],
    });
    render(App);

    await userEvent.click(await screen.findByRole('button', { name: 'Повторить' }));
    expect(await screen.findByText(/Пропал файл ключа шифрования/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByRole('heading', { name: 'Мои мероприятия' })).toBeInTheDocument();
    expect(retries(calls)).toEqual([{ newKey: false }, { newKey: false }]);
  });

  it('starts with a new key only when asked twice', async () => {
    const calls = answer({
      app_info: refuse(keyFileMissing),
      retry_startup: () => info,
      current_profile: () => anna,
      list_events: () => [],
    });
    render(App);

    await userEvent.click(await screen.findByRole('button', { name: 'Подключить аккаунты заново' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Сохранённый доступ к Zoom будет забыт');
    await userEvent.click(screen.getByRole('button', { name: 'Отмена' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(retries(calls)).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Подключить аккаунты заново' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Подключить аккаунты заново' }));
    expect(await screen.findByRole('heading', { name: 'Мои мероприятия' })).toBeInTheDocument();
    expect(retries(calls)).toEqual([{ newKey: true }]);
  });

  it('speaks the language of the failure, and offers no new key for other troubles', async () => {
    answer({
      app_info: refuse({ ...fault('data_folder', 'The data folder cannot be used, so the app cannot open its data (/data: denied).'), lang: 'en' }),
    });
    render(App);

    expect(await screen.findByRole('heading', { name: 'MySciHub could not open its data' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The data folder cannot be used');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Connect the accounts again' })).not.toBeInTheDocument();
  });
});
