// «Напоминать за N минут» on the schedule page: Rust keeps the choice for the event on this
// computer and sends the desktop notifications; the page loads it, saves each change, and shows
// Rust's refusal with the previous choice back in place.
import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Event } from '../src/lib/api';
import SchedulePage from '../src/views/SchedulePage.svelte';
import { answer, fault } from './ipc';
import { scheduleAnswer } from './zoom';

type Call = { command: string; args: Record<string, unknown> };

const conference: Event = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2026-12-03', endsOn: '2026-12-04' };

/** Rust's reminder commands over one stored choice; `set` may refuse a change. */
function serve(stored: number | null, refuse?: (minutes: number | null) => ReturnType<typeof fault> | null) {
  let minutes = stored;
  return answer({
    list_zoom_connections: () => [],
    event_schedule: (args) => scheduleAnswer([], args),
    reminder_minutes: () => minutes,
    set_reminder_minutes: (args) => {
      const wanted = args.minutes as number | null;
      const refusal = refuse?.(wanted);
      if (refusal) throw refusal;
      minutes = wanted;
      return minutes;
    },
  });
}

const open = () => render(SchedulePage, { event: conference, now: () => new Date('2026-11-20T09:00:00Z') });
const checkbox = () => screen.getByRole('checkbox', { name: /^Напоминать за/ });
const field = () => screen.getByRole('spinbutton', { name: 'Минут до начала встречи' });
const saves = (calls: Call[]) => calls.filter((c) => c.command === 'set_reminder_minutes').map((c) => c.args);
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The stored choice has arrived: the checkbox can be used. */
async function loaded() {
  await screen.findByRole('checkbox', { name: /^Напоминать за/ });
  await settled();
  expect(checkbox()).toBeEnabled();
}

/** Types `value` into the minutes and leaves the field, as a user does. */
async function enter(value: string) {
  await userEvent.clear(field());
  await userEvent.type(field(), value);
  await userEvent.tab();
  await settled();
}

describe('Reminders on the schedule page', () => {
  it('is off by default, offering 10 minutes, and says how the reminder comes', async () => {
    const calls = serve(null);
    open();

    await loaded();
    expect(calls.find((c) => c.command === 'reminder_minutes')?.args).toEqual({ eventId: 3 });
    expect(checkbox()).not.toBeChecked();
    expect(checkbox()).toHaveAccessibleName('Напоминать за 10 минут');
    expect(field()).toHaveValue(10);
    expect(field()).toBeDisabled();
    expect(checkbox()).toHaveAccessibleDescription(/уведомлением на рабочем столе.*пока MySciHub запущен, даже если его окно свёрнуто или в фоне/);
    expect(saves(calls)).toEqual([]);
  });

  it('loads the stored choice', async () => {
    serve(25);
    open();
    await loaded();
    expect(checkbox()).toBeChecked();
    expect(field()).toHaveValue(25);
    expect(field()).toBeEnabled();
    expect(checkbox()).toHaveAccessibleName('Напоминать за 25 минут');
  });

  it('saves on each change: the minutes when ticked and changed, none when unticked', async () => {
    const calls = serve(null);
    open();
    await loaded();

    await userEvent.click(checkbox());
    await settled();
    expect(saves(calls)).toEqual([{ eventId: 3, minutes: 10 }]);
    expect(checkbox()).toBeChecked();
    expect(field()).toBeEnabled();

    await enter('30');
    expect(saves(calls).at(-1)).toEqual({ eventId: 3, minutes: 30 });
    expect(checkbox()).toHaveAccessibleName('Напоминать за 30 минут');

    // The word after the number agrees with it.
    await enter('1');
    expect(saves(calls).at(-1)).toEqual({ eventId: 3, minutes: 1 });
    expect(screen.getByText('минуту')).toBeInTheDocument();
    await enter('3');
    expect(screen.getByText('минуты')).toBeInTheDocument();

    await userEvent.click(checkbox());
    await settled();
    expect(saves(calls).at(-1)).toEqual({ eventId: 3, minutes: null });
    expect(checkbox()).not.toBeChecked();
    expect(field()).toBeDisabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("shows Rust's refusal and keeps the previous value", async () => {
    const calls = serve(15, (minutes) =>
      minutes !== null && minutes > 1440 ? fault('invalid_input', 'Напоминать за (минут): укажите число от 1 до 1440.', 'reminderMinutes') : null,
    );
    open();
    await loaded();

    await enter('2000');
    expect(saves(calls)).toEqual([{ eventId: 3, minutes: 2000 }]);
    expect(await screen.findByRole('alert')).toHaveTextContent('Напоминать за (минут): укажите число от 1 до 1440.');
    expect(field()).toHaveValue(15);
    expect(checkbox()).toBeChecked();

    // The next good change clears the refusal.
    await enter('20');
    expect(saves(calls).at(-1)).toEqual({ eventId: 3, minutes: 20 });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('stays off when turning it on cannot be saved', async () => {
    serve(null, () => fault('not_saved', 'Не удалось сохранить файл: проверьте, что в выбранную папку можно писать и на диске есть место.'));
    open();
    await loaded();

    await userEvent.click(checkbox());
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось сохранить файл');
    expect(checkbox()).not.toBeChecked();
    expect(field()).toBeDisabled();
  });

  it('asks for a whole number without bothering Rust', async () => {
    const calls = serve(15);
    open();
    await loaded();

    await fireEvent.change(field(), { target: { value: '2.5' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Укажите целое число минут: от 1 до 1440.');
    expect(field()).toHaveValue(15);
    expect(saves(calls)).toEqual([]);
  });
});
