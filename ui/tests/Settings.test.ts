import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Settings from '../src/views/Settings.svelte';
import type { SettingsChange, ZoomSettingsInput } from '../src/lib/api';
import { answer, fault, refuse } from './ipc';
import { settings } from './zoom';

describe('Settings', () => {
  it('shows the Zoom settings; values from the environment are read-only', async () => {
    answer({
      zoom_settings: () =>
        settings({ fromEnvironment: ['clientId'], keyStorage: 'file', keyFile: '/home/anna/.local/share/myscihub/token.key' }),
      zoom_settings_history: () => [],
    });
    render(Settings);

    const clientId = await screen.findByLabelText('Client ID приложения Zoom');
    expect(clientId).toHaveValue('sandbox-client');
    expect(clientId).toHaveAttribute('readonly');
    expect(clientId).toHaveAccessibleDescription('задано переменной окружения');
    expect(screen.getByLabelText('Адрес OAuth Zoom')).not.toHaveAttribute('readonly');
    expect(screen.getByLabelText('Через страницу-переадресацию (https)')).toBeChecked();
    expect(screen.getByTestId('redirect-uri')).toHaveTextContent('https://myscihub.example/zoom/callback');
    expect(
      screen.getByText(
        'Системной связки ключей нет: ключ шифрования хранится в файле /home/anna/.local/share/myscihub/token.key, доступном только вашему пользователю',
      ),
    ).toBeInTheDocument();
  });

  it('asks for the bounce page only in the bounce mode', async () => {
    answer({ zoom_settings: () => settings(), zoom_settings_history: () => [] });
    render(Settings);

    expect(await screen.findByLabelText('Адрес страницы-переадресации')).toHaveValue('https://myscihub.example/zoom/callback');
    expect(screen.getByText('Ключ шифрования хранится в системной связке ключей')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Через локальный адрес 127.0.0.1'));
    expect(screen.queryByLabelText('Адрес страницы-переадресации')).not.toBeInTheDocument();
  });

  it('saves and shows the new redirect URI', async () => {
    const calls = answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
      save_zoom_settings: ({ input }) =>
        settings({ ...(input as ZoomSettingsInput), redirectUri: 'myscihub://oauth/zoom/callback' }),
    });
    render(Settings);

    await userEvent.click(await screen.findByLabelText('Напрямую по ссылке myscihub://'));
    await userEvent.clear(screen.getByLabelText('Client ID приложения Zoom'));
    await userEvent.type(screen.getByLabelText('Client ID приложения Zoom'), 'prod-client{Enter}');

    expect(calls.find((c) => c.command === 'save_zoom_settings')).toEqual({
      command: 'save_zoom_settings',
      args: {
        input: {
          clientId: 'prod-client',
          oauthUrl: 'https://zoom.us',
          apiUrl: 'https://api.zoom.us/v2',
          redirectMode: 'deepLink',
          bounceUrl: 'https://myscihub.example/zoom/callback',
        },
      },
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Настройки сохранены.');
    expect(screen.getByTestId('redirect-uri')).toHaveTextContent('myscihub://oauth/zoom/callback');
  });

  it("marks the field Rust refused and keeps what was typed", async () => {
    answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
      save_zoom_settings: refuse(fault('invalid_input', 'Адрес OAuth должен начинаться с https://.', 'oauthUrl')),
    });
    render(Settings);

    const oauth = await screen.findByLabelText('Адрес OAuth Zoom');
    await userEvent.clear(oauth);
    await userEvent.type(oauth, 'zoom.us');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Адрес OAuth должен начинаться с https://.');
    expect(oauth.closest('label')?.nextElementSibling).toHaveTextContent('Адрес OAuth должен начинаться с https://.');
    expect(oauth).toHaveAccessibleDescription('Адрес OAuth должен начинаться с https://.');
    expect(oauth).toHaveAttribute('aria-invalid', 'true');
    expect(oauth).toHaveValue('zoom.us');
    expect(oauth).toHaveFocus();
    expect(screen.getByLabelText('Client ID приложения Zoom')).toHaveAttribute('aria-invalid', 'false');
  });

  it('offers to try again when the settings cannot be read', async () => {
    let attempts = 0;
    answer({
      zoom_settings: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать настройки.');
        return settings();
      },
      zoom_settings_history: () => [],
    });
    render(Settings);

    await userEvent.click(await screen.findByRole('button', { name: 'Повторить' }));
    expect(await screen.findByLabelText('Client ID приложения Zoom')).toBeInTheDocument();
  });

  it("shows Rust's refusal of an API address that is not Zoom's own under that field, keeping what was typed", async () => {
    const message = 'Адрес API Zoom должен вести на api.zoom.us или api.zoomgov.com.';
    const calls = answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
      save_zoom_settings: refuse(fault('invalid_input', message, 'apiUrl')),
    });
    render(Settings);

    const apiUrl = await screen.findByLabelText('Адрес API Zoom');
    await userEvent.clear(apiUrl);
    await userEvent.type(apiUrl, 'https://api.evil.example/v2{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(apiUrl.closest('label')?.nextElementSibling).toHaveTextContent(message);
    expect(apiUrl).toHaveAccessibleDescription(message);
    expect(apiUrl).toHaveAttribute('aria-invalid', 'true');
    expect(apiUrl).toHaveValue('https://api.evil.example/v2');
    expect(apiUrl).toHaveFocus();
    const oauth = screen.getByLabelText('Адрес OAuth Zoom');
    expect(oauth).toHaveAttribute('aria-invalid', 'false');
    expect(oauth).not.toHaveAccessibleDescription(message);
    expect(screen.getAllByText(message)).toHaveLength(1);
    expect(screen.queryByText('Настройки сохранены.')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'zoom_settings_history')).toHaveLength(1);
  });

  it('keeps a refusal that names no field at the foot of the form', async () => {
    answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => [],
      save_zoom_settings: refuse(fault('storage', 'Не удалось сохранить настройки.')),
    });
    render(Settings);

    await userEvent.click(await screen.findByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось сохранить настройки.');
    expect(screen.getByLabelText('Адрес API Zoom')).not.toHaveAccessibleDescription();
  });

  it('lists below the form who changed which setting, when, and from what to what', async () => {
    const changes: SettingsChange[] = [
      { id: 3, at: '2026-11-30T09:15:00Z', actorName: 'Анна Петрова', key: 'zoom.redirect_mode', old: 'bounce', new: 'deepLink' },
      { id: 2, at: '2026-11-29T16:40:00Z', actorName: null, key: 'zoom.oauth_url', old: 'https://zoom.us', new: 'https://zoomgov.com' },
      { id: 1, at: '2026-11-28T08:05:00Z', actorName: 'Иван', key: 'zoom.client_id', old: null, new: 'sandbox-client' },
    ];
    answer({ zoom_settings: () => settings(), zoom_settings_history: () => changes });
    render(Settings);

    const table = await screen.findByRole('table', { name: 'История изменений' });
    const form = screen.getByRole('form', { name: 'Zoom' });
    expect(form.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Когда', 'Кто', 'Настройка', 'Изменение']);
    const when = (iso: string) => new Intl.DateTimeFormat('ru-RU', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((tr) => within(tr).getAllByRole('cell').map((td) => td.textContent?.replace(/\s+/g, ' ').trim()));
    expect(rows).toEqual([
      [when(changes[0].at), 'Анна Петрова', 'Возврат в приложение после входа в Zoom', 'Через страницу-переадресацию (https) → Напрямую по ссылке myscihub://'],
      [when(changes[1].at), 'неизвестно', 'Адрес OAuth Zoom', 'https://zoom.us → https://zoomgov.com'],
      [when(changes[2].at), 'Иван', 'Client ID приложения Zoom', 'не задано → sandbox-client'],
    ]);
    expect(within(table).getByText('https://zoom.us').tagName).toBe('DEL');
    expect(within(table).getByText('https://zoomgov.com').tagName).toBe('INS');
    expect(within(table).getAllByRole('row')[1].querySelector('time')).toHaveAttribute('datetime', changes[0].at);
  });

  it('says when the settings were never changed', async () => {
    answer({ zoom_settings: () => settings(), zoom_settings_history: () => [] });
    render(Settings);
    const history = await screen.findByRole('region', { name: 'История изменений' });
    expect(await within(history).findByText('Настройки ещё не менялись.')).toBeInTheDocument();
    expect(within(history).queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the history as loading until Rust answers', async () => {
    answer({ zoom_settings: () => settings(), zoom_settings_history: () => new Promise(() => {}) });
    render(Settings);
    const history = await screen.findByRole('region', { name: 'История изменений' });
    expect(within(history).getByText('Загрузка…')).toHaveAttribute('aria-busy', 'true');
  });

  it('offers to read the history again when it cannot be read', async () => {
    let attempts = 0;
    answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать историю настроек.');
        return [];
      },
    });
    render(Settings);

    const history = await screen.findByRole('region', { name: 'История изменений' });
    expect(await within(history).findByRole('alert')).toHaveTextContent('Не удалось прочитать историю настроек.');
    expect(screen.getByLabelText('Client ID приложения Zoom')).toBeEnabled();
    await userEvent.click(within(history).getByRole('button', { name: 'Повторить' }));
    expect(await within(history).findByText('Настройки ещё не менялись.')).toBeInTheDocument();
    expect(within(history).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('reads the history again after a successful save', async () => {
    const changes: SettingsChange[] = [];
    const calls = answer({
      zoom_settings: () => settings(),
      zoom_settings_history: () => [...changes],
      save_zoom_settings: ({ input }) => {
        const next = input as ZoomSettingsInput;
        changes.unshift({ id: 1, at: '2026-12-01T10:00:00Z', actorName: 'Анна Петрова', key: 'zoom.client_id', old: 'sandbox-client', new: next.clientId });
        return settings(next);
      },
    });
    render(Settings);

    const history = await screen.findByRole('region', { name: 'История изменений' });
    expect(await within(history).findByText('Настройки ещё не менялись.')).toBeInTheDocument();
    const clientId = screen.getByLabelText('Client ID приложения Zoom');
    await userEvent.clear(clientId);
    await userEvent.type(clientId, 'prod-client{Enter}');

    expect(await screen.findByRole('status')).toHaveTextContent('Настройки сохранены.');
    expect(await within(history).findByText('prod-client')).toBeInTheDocument();
    expect(within(history).getByText('sandbox-client').tagName).toBe('DEL');
    expect(calls.filter((c) => c.command === 'zoom_settings_history')).toHaveLength(2);
  });
});
