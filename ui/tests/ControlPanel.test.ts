import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ControlPanel from '../src/views/ControlPanel.svelte';
import { answer, fault, refuse } from './ipc';
import { account, connection, zoomSide } from './zoom';

const conference = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2027-03-01', endsOn: '2027-03-03' };

describe('ControlPanel', () => {
  it('shows the control panel with Zoom under Интеграции', async () => {
    answer({ open_event: () => conference });
    render(ControlPanel, { eventId: 3, section: 'overview' });

    expect(await screen.findByRole('heading', { name: 'Панель управления' })).toBeInTheDocument();
    const integrations = screen.getByRole('list', { name: 'Интеграции' });
    expect(integrations).toHaveTextContent('Zoom');
    const zoomLinks = screen.getAllByRole('link', { name: /^Zoom/ });
    expect(zoomLinks.every((a) => a.getAttribute('href') === '#/events/3/integrations/zoom')).toBe(true);
  });

  it('opens the Zoom page of the event', async () => {
    answer({ open_event: () => conference, ...zoomSide().handlers });
    render(ControlPanel, { eventId: 3, section: 'zoom' });

    expect(await screen.findByRole('heading', { name: 'Zoom' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Zoom' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('button', { name: 'Добавить Zoom подключение' })).toBeInTheDocument();
  });

  it('opens a Zoom connection of the event', async () => {
    answer({
      open_event: () => conference,
      ...zoomSide({ connections: [connection(5, 'Основной зал', { status: 'connected', account })] }).handlers,
    });
    render(ControlPanel, { eventId: 3, section: 'zoomConnection', connectionId: 5 });

    expect(await screen.findByRole('heading', { name: 'Основной зал' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Zoom' })).toHaveAttribute('aria-current', 'page');
  });

  it('offers Расписание next to Zoom, in the sidebar and the overview', async () => {
    answer({ open_event: () => conference });
    render(ControlPanel, { eventId: 3, section: 'overview' });

    const sidebar = await screen.findByRole('navigation', { name: 'Панель управления' });
    const links = within(sidebar).getAllByRole('link').map((a) => a.textContent?.trim());
    expect(links.indexOf('Расписание')).toBe(links.indexOf('Zoom') + 1);
    expect(within(sidebar).getByRole('link', { name: 'Расписание' })).toHaveAttribute('href', '#/events/3/integrations/schedule');
    expect(within(screen.getByRole('list', { name: 'Интеграции' })).getByRole('link', { name: /^Расписание/ })).toHaveAttribute(
      'href',
      '#/events/3/integrations/schedule',
    );
  });

  it("opens the event's schedule", async () => {
    const calls = answer({
      open_event: () => conference,
      list_zoom_connections: () => [],
      event_schedule: () => ({ matching: 0, outsideDays: 0, conflicts: 0, offset: 0, rows: [], eventTimeZone: 'Europe/Moscow' }),
      reminder_minutes: () => null,
    });
    render(ControlPanel, { eventId: 3, section: 'schedule' });

    expect(await screen.findByRole('heading', { name: 'Расписание', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Расписание' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('Встреч нет')).toBeInTheDocument();
    // The event's own dates, from the event the panel opened.
    expect(calls.find((c) => c.command === 'event_schedule')?.args).toMatchObject({ query: { from: '2027-03-01', to: '2027-03-03' } });
    expect(calls.filter((c) => c.command === 'open_event')).toHaveLength(1);
  });

  it('tells a profile that is not an administrator that it has no access', async () => {
    answer({ open_event: refuse(fault('forbidden', 'Нет доступа: это доступно только администраторам мероприятия.')) });
    render(ControlPanel, { eventId: 3, section: 'zoom' });

    expect(await screen.findByRole('heading', { name: 'Нет доступа' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('только администраторам мероприятия');
    expect(screen.queryByText('Интеграции')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Повторить' })).not.toBeInTheDocument();
  });

  it('offers to try again after a storage failure', async () => {
    let attempts = 0;
    answer({
      open_event: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось сохранить или прочитать данные на этом компьютере.');
        return conference;
      },
    });
    render(ControlPanel, { eventId: 3, section: 'overview' });

    await userEvent.click(await screen.findByRole('button', { name: 'Повторить' }));
    expect(await screen.findByRole('heading', { name: 'Панель управления' })).toBeInTheDocument();
  });

  it('offers Support below Администраторы, in the sidebar and the overview', async () => {
    answer({ open_event: () => conference });
    render(ControlPanel, { eventId: 3, section: 'overview' });

    const sidebar = await screen.findByRole('navigation', { name: 'Панель управления' });
    const links = within(sidebar).getAllByRole('link').map((a) => a.textContent?.trim());
    expect(links.indexOf('Поддержка')).toBeGreaterThan(links.indexOf('Администраторы'));
    expect(within(sidebar).getByRole('link', { name: 'Поддержка' })).toHaveAttribute('href', '#/events/3/support');
    expect(screen.getByRole('heading', { name: 'Поддержка', level: 2 })).toBeInTheDocument();
  });

  it('opens Support of the event', async () => {
    answer({ open_event: () => conference, diagnostics_report: () => 'MySciHub 0.1.0' });
    render(ControlPanel, { eventId: 3, section: 'support' });

    expect(await screen.findByRole('heading', { name: 'Поддержка', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Поддержка' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('textbox', { name: 'Отчёт для поддержки' })).toHaveValue('MySciHub 0.1.0');
  });
});
