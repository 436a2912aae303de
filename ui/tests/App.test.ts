import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { answer, authorization, fault } from './ipc';
import { account, connection, details, meeting, settings, withStoredMeetings, zoomSide } from './zoom';

const info = { version: '0.1.0', lang: 'ru', dataDir: '/tmp/myscihub', demo: false, startEventId: null, startRoute: null };
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
