import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Settings from '../src/views/Settings.svelte';
import type { ZoomSettingsInput } from '../src/lib/api';
import { answer, fault, refuse } from './ipc';
import { settings } from './zoom';

describe('Settings', () => {
  it('shows the Zoom settings; values from the environment are read-only', async () => {
    answer({
      zoom_settings: () =>
        settings({ fromEnvironment: ['clientId'], keyStorage: 'file', keyFile: '/home/anna/.local/share/myscihub/token.key' }),
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
    answer({ zoom_settings: () => settings() });
    render(Settings);

    expect(await screen.findByLabelText('Адрес страницы-переадресации')).toHaveValue('https://myscihub.example/zoom/callback');
    expect(screen.getByText('Ключ шифрования хранится в системной связке ключей')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Через локальный адрес 127.0.0.1'));
    expect(screen.queryByLabelText('Адрес страницы-переадресации')).not.toBeInTheDocument();
  });

  it('saves and shows the new redirect URI', async () => {
    const calls = answer({
      zoom_settings: () => settings(),
      save_zoom_settings: ({ input }) =>
        settings({ ...(input as ZoomSettingsInput), redirectUri: 'myscihub://oauth/zoom/callback' }),
    });
    render(Settings);

    await userEvent.click(await screen.findByLabelText('Напрямую по ссылке myscihub://'));
    await userEvent.clear(screen.getByLabelText('Client ID приложения Zoom'));
    await userEvent.type(screen.getByLabelText('Client ID приложения Zoom'), 'prod-client{Enter}');

    expect(calls.at(-1)).toEqual({
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
      save_zoom_settings: refuse(fault('invalid_input', 'Адрес OAuth должен начинаться с https://.', 'oauthUrl')),
    });
    render(Settings);

    const oauth = await screen.findByLabelText('Адрес OAuth Zoom');
    await userEvent.clear(oauth);
    await userEvent.type(oauth, 'zoom.us');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Адрес OAuth должен начинаться с https://.');
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
    });
    render(Settings);

    await userEvent.click(await screen.findByRole('button', { name: 'Повторить' }));
    expect(await screen.findByLabelText('Client ID приложения Zoom')).toBeInTheDocument();
  });
});
