// «Расписание»: every meeting of the event's connected accounts on one timeline. Rust filters,
// sorts and slices the rows; the page groups them by day, marks overlaps, what is on and what
// is next, and keeps only the rows in sight in the DOM.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Event, ScheduleRow, ScheduleWindow } from '../src/lib/api';
import SchedulePage from '../src/views/SchedulePage.svelte';
import { ROW_HEIGHT } from '../src/views/zoom/meetings';
import { SCHEDULE_SIZES } from '../src/views/schedule/schedule';
import { answer, fault, tell } from './ipc';
import { account, connection, meeting, scheduleAnswer, scheduleRow, SCHEDULE_WINDOW_MAX } from './zoom';

type Call = { command: string; args: Record<string, unknown> };

const conference: Event = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2026-12-03', endsOn: '2026-12-04' };
const boris = { displayName: 'Борис Иванов', email: 'boris@zoom.example' };
const connections = [
  connection(1, 'Основной зал', { status: 'connected', account }),
  connection(2, 'Малый зал', { status: 'connected', account: boris }),
];

const hall = (m: ReturnType<typeof meeting>) => scheduleRow(1, ['Основной зал'], account.email, m);
const small = (m: ReturnType<typeof meeting>) => scheduleRow(2, ['Малый зал'], boris.email, m);

/** Two halls on two days; the plenary and section A overlap on anna's account. */
const program: ScheduleRow[] = [
  small(meeting(85_000_000_003, 'Закрытие', { startTime: '2026-12-04T12:00:00Z' })),
  hall(
    meeting(85_000_000_001, 'Пленарное', {
      startTime: '2026-12-03T07:00:00Z',
      overlaps: { id: 85_000_000_002, topic: 'Секция А', startTime: '2026-12-03T07:30:00Z', endTime: '2026-12-03T08:30:00Z' },
    }),
  ),
  small(meeting(85_000_000_004, 'Секция Б', { startTime: '2026-12-03T07:15:00Z', durationMinutes: 45, timezone: 'Asia/Tokyo' })),
  hall(
    meeting(85_000_000_002, 'Секция А', {
      startTime: '2026-12-03T07:30:00Z',
      overlaps: { id: 85_000_000_001, topic: 'Пленарное', startTime: '2026-12-03T07:00:00Z', endTime: '2026-12-03T08:00:00Z' },
    }),
  ),
];
const before = hall(meeting(85_000_000_009, 'Подготовка', { startTime: '2026-12-01T07:00:00Z' }));
const timeless = hall(
  meeting(85_000_000_010, 'Консультации', { meetingType: 3, startTime: null, durationMinutes: null, fixedTime: false, recurring: true }),
);

/** Rust's schedule commands over `rows`; `extra` answers the others (or replaces these). */
function serve(rows: () => readonly ScheduleRow[], extra: Parameters<typeof answer>[0] = {}) {
  return answer({
    list_zoom_connections: () => connections,
    event_schedule: (args) => scheduleAnswer(rows(), args),
    open_join_link: () => null,
    reminder_minutes: () => null,
    ...extra,
  });
}

const open = (props: { event?: Event; now?: () => Date } = {}) =>
  render(SchedulePage, { event: props.event ?? conference, now: props.now ?? (() => new Date('2026-11-20T09:00:00Z')) });
const row = (topic: string) => screen.findByRole('listitem', { name: topic });
const schedules = (calls: Call[]) => calls.filter((c) => c.command === 'event_schedule').map((c) => c.args);
const domRows = () => document.querySelectorAll('li.schedule-row');
const days = () => screen.queryAllByTestId('schedule-day').map((h) => h.textContent);
const timeOf = async (topic: string) => within(await row(topic)).getByTestId('schedule-time').textContent;
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A promise the test settles when it wants to. */
function later<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  performance.clearMarks();
  performance.clearMeasures();
});

describe('SchedulePage', () => {
  it('groups the rows of both connections by day and marks the overlapping pair, with the count', async () => {
    serve(() => program);
    open();

    const plenary = await row('Пленарное');
    expect([...domRows()].map((li) => li.querySelector('.meeting-topic')?.textContent)).toEqual([
      'Пленарное',
      'Секция Б',
      'Секция А',
      'Закрытие',
    ]);
    // A heading where a day begins, and only there.
    expect(days()).toEqual(['четверг, 3 декабря 2026 г.', 'пятница, 4 декабря 2026 г.']);
    expect(within(plenary).getByRole('heading', { level: 3 })).toHaveTextContent('3 декабря');
    expect(within(await row('Секция Б')).queryByRole('heading')).not.toBeInTheDocument();
    expect(within(await row('Закрытие')).getByRole('heading', { level: 3 })).toHaveTextContent('4 декабря');

    expect(await timeOf('Пленарное')).toBe('10:00–11:00');
    expect(within(plenary).getByTestId('schedule-source')).toHaveTextContent('Основной зал · anna@zoom.example · ID 850 0000 0001');
    expect(within(await row('Секция Б')).getByTestId('schedule-source')).toHaveTextContent('Малый зал · boris@zoom.example · ID 850 0000 0004');

    const tag = within(plenary).getByTestId('meeting-overlap');
    expect(tag).toHaveTextContent('Пересекается по времени');
    expect(tag).toHaveAccessibleName(
      'И эта встреча, и «Секция А» на anna@zoom.example в 10:30–11:30: Zoom позволяет одному пользователю вести одну встречу за раз (если у аккаунта нет опции одновременных встреч Zoom).',
    );
    expect(tag).toHaveAttribute('title', tag.getAttribute('aria-label'));
    expect(within(await row('Секция А')).getByTestId('meeting-overlap')).toHaveAccessibleName(/^И эта встреча, и «Пленарное» на anna@zoom\.example в 10:00–11:00:/);
    expect(within(await row('Секция Б')).queryByTestId('meeting-overlap')).not.toBeInTheDocument();
    expect(screen.getByTestId('schedule-conflicts')).toHaveTextContent('Пересечений: 2');
    expect(screen.getByText('Встреч: 4')).toBeInTheDocument();
  });

  it('lists the meetings without a fixed time last, under their own heading', async () => {
    serve(() => [timeless, ...program]);
    open();

    const consultations = await row('Консультации');
    expect(days()).toEqual(['четверг, 3 декабря 2026 г.', 'пятница, 4 декабря 2026 г.', 'Без фиксированного времени']);
    expect(within(consultations).getByRole('heading', { level: 3 })).toHaveTextContent('Без фиксированного времени');
    expect(consultations).toHaveAttribute('aria-posinset', '5');
    expect(within(consultations).queryByTestId('schedule-time')).not.toBeInTheDocument();
    expect(within(consultations).getByText('Повторяющаяся')).toBeInTheDocument();
    expect(screen.queryByTestId('schedule-conflicts')).toHaveTextContent('Пересечений: 2');
  });

  it("shows the times on the clock chosen, and remembers the choice for the event", async () => {
    const calls = serve(() => program);
    const { unmount } = open();
    expect(await timeOf('Секция Б')).toBe('10:15–11:00');
    expect(screen.getByRole('radio', { name: 'Часовой пояс мероприятия' })).toBeChecked();
    expect(screen.getByText('Время указано в часовом поясе мероприятия: Europe/Moscow.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Каждой встречи' }));
    expect(await timeOf('Секция Б')).toBe('16:15–17:00 (Asia/Tokyo)');
    // A meeting without a zone of its own keeps the event's.
    expect(await timeOf('Пленарное')).toBe('10:00–11:00 (Europe/Moscow)');

    await userEvent.click(screen.getByRole('radio', { name: 'Этого компьютера' }));
    const here = (iso: string) => new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    expect(await timeOf('Секция Б')).toBe(`${here('2026-12-03T07:15:00Z')}–${here('2026-12-03T08:00:00Z')}`);
    // Only the way the rows are shown changed: nothing was asked of Rust again.
    expect(schedules(calls)).toHaveLength(1);

    await userEvent.click(screen.getByRole('radio', { name: 'Каждой встречи' }));
    unmount();
    const again = open();
    expect(await timeOf('Секция Б')).toBe('16:15–17:00 (Asia/Tokyo)');
    expect(screen.getByRole('radio', { name: 'Каждой встречи' })).toBeChecked();
    // Another event keeps its own choice.
    again.unmount();
    open({ event: { ...conference, id: 4 } });
    expect(await timeOf('Секция Б')).toBe('10:15–11:00');
    expect(screen.getByRole('radio', { name: 'Часовой пояс мероприятия' })).toBeChecked();
  });

  it("keeps to the event's dates at first, says how many are left out, and shows them all when asked", async () => {
    const calls = serve(() => [before, ...program]);
    open();
    await row('Пленарное');

    expect(schedules(calls)[0]).toEqual({
      eventId: 3,
      query: { words: '', connectionId: null, from: '2026-12-03', to: '2026-12-04' },
      offset: 0,
      limit: SCHEDULE_SIZES.windowSize,
    });
    expect(screen.getByRole('checkbox', { name: 'Только даты мероприятия' })).toBeChecked();
    expect(screen.getByTestId('schedule-outside')).toHaveTextContent('Ещё 1 вне дат мероприятия');
    expect(screen.queryByRole('listitem', { name: 'Подготовка' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Только даты мероприятия' }));
    expect(await row('Подготовка')).toBeInTheDocument();
    expect(schedules(calls).at(-1)).toMatchObject({ query: { words: '', connectionId: null, from: null, to: null }, offset: 0 });
    expect(screen.queryByTestId('schedule-outside')).not.toBeInTheDocument();
    expect(days()[0]).toBe('вторник, 1 декабря 2026 г.');
  });

  it('has no dates to keep to when the event has none', async () => {
    const calls = serve(() => [before, ...program]);
    open({ event: { ...conference, startsOn: null, endsOn: null } });
    expect(await row('Подготовка')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: 'Только даты мероприятия' })).not.toBeInTheDocument();
    expect(schedules(calls)[0]).toMatchObject({ query: { from: null, to: null } });
  });

  it('sends the words and the connection to Rust, and shows only the newest answer', async () => {
    const user = userEvent.setup();
    const slow = later<ScheduleWindow>();
    const calls = serve(() => program, {
      event_schedule: (args) => {
        const query = args.query as { words: string };
        return query.words === 'с' ? slow.promise : scheduleAnswer(program, args);
      },
    });
    open();
    await row('Пленарное');

    await user.type(screen.getByLabelText('Найти по теме'), 'се');
    expect(schedules(calls).map((a) => (a.query as { words: string }).words)).toEqual(['', 'с', 'се']);
    expect(await screen.findByText('Встреч: 2')).toBeInTheDocument();
    slow.settle(scheduleAnswer(program, { ...schedules(calls)[1] }));
    await settled();
    expect(screen.getByText('Встреч: 2')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Пленарное' })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Подключение'), 'Малый зал');
    expect(schedules(calls).at(-1)).toMatchObject({ query: { words: 'се', connectionId: 2 }, offset: 0 });
    expect(await screen.findByText('Встреч: 1')).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Секция Б' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Все подключения' })).toBeInTheDocument();

    await user.keyboard('{Shift>}{Tab}{/Shift}{Escape}');
    expect(screen.getByLabelText('Найти по теме')).toHaveValue('');
    expect(schedules(calls).at(-1)).toMatchObject({ query: { words: '', connectionId: 2 } });
  });

  it('marks the meeting on now and the next one with a countdown, as the clock moves each minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = new Date('2026-12-03T05:55:00Z');
    serve(() => program);
    open({ now: () => now });

    const plenary = await row('Пленарное');
    expect(screen.queryByTestId('schedule-now')).not.toBeInTheDocument();
    expect(within(plenary).getByTestId('schedule-next')).toHaveTextContent('Следующая');
    expect(within(plenary).getByTestId('schedule-countdown')).toHaveTextContent('через 1 ч 05 мин');
    expect(screen.getAllByTestId('schedule-next')).toHaveLength(1);

    now = new Date('2026-12-03T05:56:00Z');
    vi.advanceTimersByTime(60_000);
    await tick();
    expect(within(plenary).getByTestId('schedule-countdown')).toHaveTextContent('через 1 ч 04 мин');

    now = new Date('2026-12-03T07:10:00Z');
    vi.advanceTimersByTime(60_000);
    await tick();
    expect(within(plenary).getByTestId('schedule-now')).toHaveTextContent('Идёт сейчас');
    expect(within(plenary).queryByTestId('schedule-next')).not.toBeInTheDocument();
    const sectionB = await row('Секция Б');
    expect(within(sectionB).getByTestId('schedule-next')).toBeInTheDocument();
    expect(within(sectionB).getByTestId('schedule-countdown')).toHaveTextContent('через 5 мин');

    // Back from another window: «now» is read again at once.
    now = new Date('2026-12-03T07:20:00Z');
    window.dispatchEvent(new window.Event('focus'));
    await tick();
    expect(screen.getAllByTestId('schedule-now')).toHaveLength(2);
    expect(within(await row('Секция А')).getByTestId('schedule-countdown')).toHaveTextContent('через 10 мин');
  });

  it('exports what the filters keep, and says where the file was saved', async () => {
    const saving = later<string | null>();
    const calls = serve(() => program, { export_schedule: () => saving.promise });
    open();
    await row('Пленарное');
    await userEvent.type(screen.getByLabelText('Найти по теме'), 'Секция');
    await screen.findByText('Встреч: 2');

    // Passcodes stay out of the file unless asked for.
    expect(screen.getByRole('checkbox', { name: 'Включить коды доступа' })).not.toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .ics' }));
    expect(calls.find((c) => c.command === 'export_schedule')?.args).toEqual({
      eventId: 3,
      query: { words: 'Секция', connectionId: null, from: '2026-12-03', to: '2026-12-04' },
      format: 'ics',
      includePasscodes: false,
    });
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Экспорт .csv' })).toBeDisabled();
    // Without passcodes Zoom is not asked: nothing to wait for but the Save dialog.
    expect(screen.queryByText('Получаем коды доступа из Zoom…')).not.toBeInTheDocument();

    saving.settle('/home/anna/schedule.ics');
    expect(await screen.findByText('Сохранено: /home/anna/schedule.ics')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toBeEnabled();
  });

  it('writes the passcodes when asked to, saying meanwhile that Zoom is asked for them', async () => {
    const saving = later<string | null>();
    let attempt = 0;
    const calls = serve(() => program, {
      export_schedule: () => {
        attempt += 1;
        if (attempt === 1) return saving.promise;
        throw fault('zoom_rate_limited', 'Zoom просит подождать: слишком много запросов. Попробуйте через минуту.');
      },
    });
    open();
    await row('Пленарное');

    const passcodes = screen.getByRole('checkbox', { name: 'Включить коды доступа' });
    await userEvent.click(passcodes);
    expect(passcodes).toHaveAccessibleDescription('В файле будут коды доступа встреч.');
    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .csv' }));
    expect(calls.find((c) => c.command === 'export_schedule')?.args).toMatchObject({ format: 'csv', includePasscodes: true });
    expect(screen.getByText('Получаем коды доступа из Zoom…')).toHaveAttribute('role', 'status');
    expect(screen.getByRole('button', { name: 'Экспорт .csv' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toBeDisabled();
    // The export under way keeps the choice it was started with.
    expect(passcodes).toBeDisabled();

    saving.settle('/home/anna/schedule.csv');
    expect(await screen.findByText('Сохранено: /home/anna/schedule.csv')).toBeInTheDocument();
    expect(screen.queryByText('Получаем коды доступа из Zoom…')).not.toBeInTheDocument();
    expect(passcodes).toBeChecked();

    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .ics' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Zoom просит подождать: слишком много запросов.');
    expect(calls.filter((c) => c.command === 'export_schedule').map((c) => c.args.includePasscodes)).toEqual([true, true]);
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toBeEnabled();
  });

  it('does not remember the passcodes choice for the next visit', async () => {
    const calls = serve(() => program, { export_schedule: () => null });
    const { unmount } = open();
    await row('Пленарное');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Включить коды доступа' }));
    unmount();

    open();
    await row('Пленарное');
    expect(screen.getByRole('checkbox', { name: 'Включить коды доступа' })).not.toBeChecked();
    expect(screen.queryByText('В файле будут коды доступа встреч.')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .ics' }));
    expect(calls.find((c) => c.command === 'export_schedule')?.args).toMatchObject({ includePasscodes: false });
  });

  it('says nothing when the Save dialog is cancelled, and shows why a file could not be saved', async () => {
    let attempt = 0;
    const calls = serve(() => program, {
      export_schedule: () => {
        attempt += 1;
        if (attempt === 1) return null;
        throw fault('not_saved', 'Не удалось сохранить файл: нет доступа к папке.');
      },
    });
    open();
    await row('Пленарное');

    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .csv' }));
    await settled();
    expect(calls.filter((c) => c.command === 'export_schedule').map((c) => c.args.format)).toEqual(['csv']);
    expect(screen.queryByText(/^Сохранено/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Экспорт .csv' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось сохранить файл: нет доступа к папке.');
  });

  it('says there are no meetings, and where to connect accounts when none is connected', async () => {
    serve(() => [], { list_zoom_connections: () => [connection(1, 'Основной зал')] });
    open();
    const empty = await screen.findByTestId('schedule-empty');
    expect(empty).toHaveTextContent('Встреч нет');
    expect(await within(empty).findByText(/не подключено ни одного аккаунта Zoom/)).toBeInTheDocument();
    expect(within(empty).getByRole('link', { name: 'Подключить аккаунты на странице Zoom' })).toHaveAttribute('href', '#/events/3/integrations/zoom');
    expect(domRows()).toHaveLength(0);
  });

  it('says the filters keep nothing when accounts are connected', async () => {
    serve(() => program);
    open();
    await row('Пленарное');
    await userEvent.type(screen.getByLabelText('Найти по теме'), 'нет такого');
    const empty = await screen.findByTestId('schedule-empty');
    expect(empty).toHaveTextContent('Встреч нет');
    expect(empty).toHaveTextContent('Под выбранные фильтры не подходит ни одна встреча.');
    expect(within(empty).queryByRole('link')).not.toBeInTheDocument();
  });

  it("shows Rust's fault with «Повторить»", async () => {
    let attempts = 0;
    serve(() => program, {
      event_schedule: (args) => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать данные на этом компьютере.');
        return scheduleAnswer(program, args);
      },
    });
    open();
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать данные на этом компьютере.');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await row('Пленарное')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('reads the schedule again when the connections change and when the window regains focus', async () => {
    let rows: ScheduleRow[] = program.slice(0, 2);
    const calls = serve(() => rows);
    open();
    await row('Пленарное');
    const asked = schedules(calls).length;

    rows = program;
    await tell({ kind: 'zoomConnectionsChanged', eventId: 4 });
    await settled();
    expect(schedules(calls)).toHaveLength(asked);
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    expect(await row('Секция Б')).toBeInTheDocument();

    rows = [...program, small(meeting(85_000_000_020, 'Круглый стол', { startTime: '2026-12-04T13:00:00Z' }))];
    window.dispatchEvent(new window.Event('focus'));
    expect(await row('Круглый стол')).toBeInTheDocument();
    // Only stored data is read: the Zoom page is what syncs.
    expect(calls.some((c) => c.command === 'refresh_zoom_event')).toBe(false);
  });

  it('lets the keyboard reach every control and join a meeting with Enter', async () => {
    const calls = serve(() => program);
    open();
    const plenary = await row('Пленарное');

    screen.getByLabelText('Найти по теме').focus();
    await userEvent.tab();
    expect(screen.getByLabelText('Подключение')).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('radio', { name: 'Часовой пояс мероприятия' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('checkbox', { name: 'Только даты мероприятия' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('checkbox', { name: 'Включить коды доступа' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Экспорт .ics' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Экспорт .csv' })).toHaveFocus();
    await userEvent.tab();
    // The topic opens the meeting's details.
    expect(within(plenary).getByRole('button', { name: 'Пленарное' })).toHaveFocus();
    await userEvent.tab();
    expect(within(plenary).getByRole('button', { name: 'Подключиться' })).toHaveFocus();

    await userEvent.tab();
    await userEvent.tab();
    expect(within(await row('Секция Б')).getByRole('button', { name: 'Секция Б' })).toHaveFocus();
    await userEvent.tab();
    const sectionB = within(await row('Секция Б')).getByRole('button', { name: 'Подключиться' });
    expect(sectionB).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(calls.find((c) => c.command === 'open_join_link')?.args).toEqual({ eventId: 3, connectionId: 2, meetingId: 85_000_000_004 });
  });

  it('times the first rows, and the rows of each keystroke of the words', async () => {
    // Only this test's measures: an earlier test's rows may still be on their way to the screen.
    const since = performance.now();
    const measures = (name: string) => performance.getEntriesByName(name, 'measure').filter((e) => e.startTime >= since);
    const user = userEvent.setup();
    serve(() => program);
    open();
    await row('Пленарное');
    await vi.waitFor(() => expect(measures('schedule-first-rows')).toHaveLength(1), { timeout: 3000 });
    expect(performance.getEntriesByName('schedule-data', 'mark')).toHaveLength(0);
    expect(measures('schedule-filter')).toHaveLength(0);

    await user.type(screen.getByLabelText('Найти по теме'), 'се');
    await vi.waitFor(() => expect(measures('schedule-filter')).toHaveLength(2), { timeout: 3000 });
    await user.keyboard('{Escape}');
    await vi.waitFor(() => expect(measures('schedule-filter')).toHaveLength(3), { timeout: 3000 });

    // Neither another filter nor reading again is a keystroke, and the first rows came only once.
    await user.click(screen.getByRole('checkbox', { name: 'Только даты мероприятия' }));
    window.dispatchEvent(new window.Event('focus'));
    expect(await screen.findByText('Встреч: 4')).toBeInTheDocument();
    await settled();
    expect(measures('schedule-filter')).toHaveLength(3);
    expect(measures('schedule-first-rows')).toHaveLength(1);
  });

  it('keeps only the rows in sight in the DOM for 20,000 rows, asking for windows of at most 500', async () => {
    // From midnight of the event's first day, eight seconds apart: all within its two days.
    const start = Date.parse('2026-12-02T21:00:00Z');
    const many = Array.from({ length: 20_000 }, (_, i) =>
      (i % 2 ? small : hall)(
        meeting(86_000_000_000 + i, `Доклад ${String(i).padStart(5, '0')}`, {
          startTime: new Date(start + i * 8_000).toISOString().replace('.000Z', 'Z'),
          durationMinutes: 30,
        }),
      ),
    );
    const calls = serve(() => many);
    open();

    expect(await row('Доклад 00000')).toBeInTheDocument();
    expect(domRows().length).toBeGreaterThan(5);
    expect(domRows().length).toBeLessThanOrEqual(100);
    expect(screen.getByRole('list', { name: 'Встречи мероприятия' }).style.height).toBe(`${20_000 * ROW_HEIGHT}px`);

    const box = screen.getByTestId('schedule-scroll');
    box.scrollTop = 15_000 * ROW_HEIGHT;
    fireEvent.scroll(box);
    const far = await row('Доклад 15000');
    expect(far).toHaveAttribute('aria-posinset', '15001');
    expect(domRows().length).toBeLessThanOrEqual(100);
    expect(screen.queryByRole('listitem', { name: 'Доклад 00000' })).not.toBeInTheDocument();
    // The day at the top, although its heading is far above.
    expect(document.querySelector('.schedule-top-day')).toHaveTextContent('4 декабря');

    const asked = schedules(calls);
    expect(asked.length).toBeLessThan(10);
    expect(asked.every((a) => Number(a.limit) <= SCHEDULE_WINDOW_MAX)).toBe(true);
    // The row before a window comes with it: whether the window's first row opens a day.
    expect(asked.map((a) => a.offset)).toContain(14_999);
  });
});

describe('SchedulePage and a deleted connection', () => {
  // Rust refuses to filter by a connection that is gone: the filter lets go of it.
  it('shows all connections again when the chosen one is gone', async () => {
    let list = connections;
    const calls = serve(() => program, { list_zoom_connections: () => list });
    open();
    await row('Пленарное');
    await userEvent.selectOptions(screen.getByLabelText('Подключение'), 'Малый зал');
    expect(await screen.findByText('Встреч: 2')).toBeInTheDocument();

    list = [connections[0]];
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    await vi.waitFor(() => expect(screen.queryByRole('option', { name: 'Малый зал' })).not.toBeInTheDocument());
    expect(screen.getByLabelText('Подключение')).toHaveValue(screen.getByRole('option', { name: 'Все подключения' }).getAttribute('value'));
    await vi.waitFor(() => expect(schedules(calls).at(-1)).toMatchObject({ query: { connectionId: null } }));
    expect(await screen.findByText('Встреч: 4')).toBeInTheDocument();
  });
});
