import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import EventList from '../src/views/EventList.svelte';
import { answer, fault, refuse } from './ipc';

const conference = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2027-03-01', endsOn: '2027-03-03' };

describe('EventList', () => {
  it('says what to do when you administer no event', async () => {
    answer({ list_events: () => [] });
    render(EventList);
    expect(await screen.findByText(/не администрируете ни одного мероприятия/)).toBeInTheDocument();
  });

  it('lists your events as links to their control panels', async () => {
    answer({ list_events: () => [conference] });
    render(EventList);
    const link = await screen.findByRole('link', { name: /Конференция по физике/ });
    expect(link).toHaveAttribute('href', '#/events/3');
    expect(link).toHaveTextContent('2027-03-01 — 2027-03-03 · Europe/Moscow');
  });

  it('says when an event has no dates yet', async () => {
    answer({ list_events: () => [{ ...conference, startsOn: null, endsOn: null }] });
    render(EventList);
    const link = await screen.findByRole('link', { name: /Конференция по физике/ });
    expect(link).toHaveTextContent('даты не заданы · Europe/Moscow');
  });

  it('creates an event and opens its control panel', async () => {
    const calls = answer({ list_events: () => [], create_event: () => conference });
    render(EventList);

    await userEvent.click(await screen.findByRole('button', { name: 'Создать мероприятие' }));
    await userEvent.type(screen.getByLabelText('Название'), 'Конференция по физике');
    await userEvent.clear(screen.getByLabelText('Часовой пояс'));
    await userEvent.type(screen.getByLabelText('Часовой пояс'), 'Europe/Moscow');
    await userEvent.type(screen.getByLabelText('Дата начала'), '2027-03-01');
    await userEvent.click(screen.getByRole('button', { name: 'Создать мероприятие' }));

    expect(calls.find((c) => c.command === 'create_event')?.args).toEqual({
      input: { title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2027-03-01', endsOn: '2027-03-01' },
    });
    expect(window.location.hash).toBe('#/events/3');
  });

  it('keeps what you typed when Rust refuses it', async () => {
    answer({
      list_events: () => [],
      create_event: refuse(fault('invalid_input', 'Дата окончания не может быть раньше даты начала.', 'endsOn')),
    });
    render(EventList);

    await userEvent.click(await screen.findByRole('button', { name: 'Создать мероприятие' }));
    await userEvent.type(screen.getByLabelText('Название'), 'Школа');
    await userEvent.click(screen.getByRole('button', { name: 'Создать мероприятие' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Дата окончания не может быть раньше даты начала.');
    expect(screen.getByLabelText('Название')).toHaveValue('Школа');
    expect(screen.getByLabelText('Дата окончания')).toHaveAttribute('aria-invalid', 'true');
  });
});
