import { emit } from '@tauri-apps/api/event';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { answer, fault } from './ipc';
import { settings } from './zoom';

const info = { version: '0.1.0', lang: 'ru', dataDir: '/tmp/myscihub', demo: false, startEventId: null };
const anna = { id: 1, name: 'Анна', email: 'anna@example.org' };

describe('App', () => {
  it('opens Settings from the top bar', async () => {
    answer({ app_info: () => info, current_profile: () => anna, list_events: () => [], zoom_settings: () => settings() });
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

    await emit('zoom-authorization', {
      eventId: null,
      connectionId: null,
      connected: false,
      fault: fault('unknown_state', 'Вход в Zoom начат не из MySciHub: подключите аккаунт на странице Zoom мероприятия.'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Вход в Zoom начат не из MySciHub');
  });
});
