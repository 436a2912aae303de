// A meeting's details: its topic opens them, on the schedule and on the connection page, and so
// does a click on its reminder, wherever the app is. Rust asks Zoom for the whole agenda and the
// passcode; the stored meeting is shown meanwhile and stays when Zoom cannot answer.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Event, MeetingDetails, ScheduleRow } from '../src/lib/api';
import App from '../src/App.svelte';
import SchedulePage from '../src/views/SchedulePage.svelte';
import ConnectionPage from '../src/views/zoom/ConnectionPage.svelte';
import { answer, fault, tell } from './ipc';
import { account, connection, details, meeting, meetingDetails, scheduleAnswer, scheduleRow, withStoredMeetings } from './zoom';

type Call = { command: string; args: Record<string, unknown> };

const conference: Event = { id: 3, title: 'Конференция по физике', timeZone: 'Europe/Moscow', startsOn: '2026-12-03', endsOn: '2026-12-04' };
const boris = { displayName: 'Борис Иванов', email: 'boris@zoom.example' };

const plenary = meeting(85_000_000_001, 'Пленарное', { startTime: '2026-12-03T07:00:00Z' });
const sectionB = meeting(85_000_000_004, 'Секция Б', { startTime: '2026-12-03T07:15:00Z', durationMinutes: 45, timezone: 'Asia/Tokyo' });
const seminar = meeting(85_000_000_005, 'Семинар', {
  meetingType: 8,
  startTime: '2026-12-04T09:00:00Z',
  recurring: true,
  occurrenceId: '1764838800000',
});
const rows: ScheduleRow[] = [
  scheduleRow(1, ['Основной зал'], account.email, plenary),
  scheduleRow(2, ['Малый зал'], boris.email, sectionB),
  scheduleRow(1, ['Основной зал'], account.email, seminar),
];

const agenda = [
  'Доклады секции Б о сверхпроводимости.',
  '',
  '1. Вступление — 10 минут',
  '2. Доклад «Куперовские пары при высоких температурах» — 20 минут',
  '3. Вопросы — 15 минут',
  'Ссылки на материалы пришлём после встречи.',
].join('\n');

const sectionBDetails = meetingDetails(sectionB, '850 0000 0004', {
  connectionName: 'Малый зал',
  zoomEmail: boris.email,
  agenda,
  passcode: 'k3Y9pQ',
});

/** The schedule's commands, with `meeting_details` answering `answerFor` for each meeting. */
function serveSchedule(answerFor: (args: Record<string, unknown>) => unknown, extra: Parameters<typeof answer>[0] = {}) {
  return answer({
    list_zoom_connections: () => [
      connection(1, 'Основной зал', { status: 'connected', account }),
      connection(2, 'Малый зал', { status: 'connected', account: boris }),
    ],
    event_schedule: (args) => scheduleAnswer(rows, args),
    reminder_minutes: () => null,
    meeting_details: answerFor,
    ...extra,
  });
}

const openSchedule = () => render(SchedulePage, { event: conference, now: () => new Date('2026-11-20T09:00:00Z') });
const row = (topic: string) => screen.findByRole('listitem', { name: topic });
const topicOf = async (topic: string) => within(await row(topic)).getByRole('button', { name: topic });
const dialog = (topic: string) => screen.findByRole('dialog', { name: topic });
const asked = (calls: Call[], command: string) => calls.filter((c) => c.command === command).map((c) => c.args);

/** A meeting's start and end on this computer's clock, as the app writes them. */
function hereSpan(startIso: string, endIso: string) {
  const day = new Intl.DateTimeFormat('ru-RU', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const clock = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit' });
  return `${day.format(new Date(startIso))}–${clock.format(new Date(endIso))}`;
}

/** A promise the test settles when it wants to. */
function later<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('Meeting details from the schedule', () => {
  it("opens from a row's topic: the whole agenda, the time on three clocks, the account, the connection and the ID", async () => {
    const answering = later<MeetingDetails>();
    const calls = serveSchedule(() => answering.promise);
    openSchedule();

    await userEvent.click(await topicOf('Секция Б'));
    const box = await dialog('Секция Б');
    expect(asked(calls, 'meeting_details')).toEqual([{ eventId: 3, connectionId: 2, meetingId: 85_000_000_004, occurrenceId: null }]);
    // The stored meeting at once, while Zoom is asked for the rest.
    expect(within(box).getByText('Спрашиваем Zoom о подробностях встречи…')).toHaveAttribute('role', 'status');
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0004');
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:15–11:00');

    answering.settle(sectionBDetails);
    // Every line of the agenda, as Zoom wrote it: the row shows one line of the topic, this the whole.
    expect((await within(box).findByTestId('agenda')).textContent).toBe(agenda);
    expect(within(box).queryByText('Спрашиваем Zoom о подробностях встречи…')).not.toBeInTheDocument();

    expect(within(box).getByText('По времени мероприятия (Europe/Moscow)')).toBeInTheDocument();
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:15–11:00');
    expect(within(box).getByText('По времени встречи (Asia/Tokyo)')).toBeInTheDocument();
    expect(within(box).getByTestId('time-meeting')).toHaveTextContent('чт, 3 декабря 2026 г. в 16:15–17:00');
    const here = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(within(box).getByText(`На этом компьютере (${here})`)).toBeInTheDocument();
    expect(within(box).getByTestId('time-local')).toHaveTextContent(hereSpan('2026-12-03T07:15:00Z', '2026-12-03T08:00:00Z'));
    expect(within(box).getByTestId('duration')).toHaveTextContent('45 мин');

    expect(within(box).getByText('boris@zoom.example')).toBeInTheDocument();
    expect(within(box).getByText('Малый зал')).toBeInTheDocument();
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0004');
    expect(within(box).getByRole('button', { name: 'Подключиться' })).toBeInTheDocument();
    expect(within(box).getByRole('button', { name: 'Копировать ссылку' })).toBeInTheDocument();
  });

  it('opens an occurrence with the keyboard, asking for that occurrence', async () => {
    const calls = serveSchedule(() => meetingDetails(seminar, '850 0000 0005', { agenda: 'Еженедельный семинар.' }));
    openSchedule();

    (await topicOf('Семинар')).focus();
    await userEvent.keyboard('{Enter}');
    const box = await dialog('Семинар');
    expect(asked(calls, 'meeting_details')).toEqual([{ eventId: 3, connectionId: 1, meetingId: 85_000_000_005, occurrenceId: '1764838800000' }]);
    expect(await within(box).findByTestId('agenda')).toHaveTextContent('Еженедельный семинар.');
    // The meeting has no zone of its own in Zoom: it says so rather than guess.
    expect(within(box).getByTestId('time-meeting')).toHaveTextContent('Zoom не указал часовой пояс встречи');
  });

  it('keeps the passcode out of the page until «Показать», and hides it again with «Скрыть»', async () => {
    serveSchedule(() => sectionBDetails);
    openSchedule();
    await userEvent.click(await topicOf('Секция Б'));
    const box = await dialog('Секция Б');
    await within(box).findByTestId('agenda');

    expect(document.body.textContent).not.toContain('k3Y9pQ');
    expect(within(box).queryByTestId('passcode')).not.toBeInTheDocument();

    await userEvent.click(within(box).getByRole('button', { name: 'Показать' }));
    expect(within(box).getByTestId('passcode')).toHaveTextContent('k3Y9pQ');

    await userEvent.click(within(box).getByRole('button', { name: 'Скрыть' }));
    expect(document.body.textContent).not.toContain('k3Y9pQ');
    expect(within(box).getByRole('button', { name: 'Показать' })).toBeInTheDocument();
  });

  it('says there is no description or passcode when Zoom has none', async () => {
    serveSchedule(() => meetingDetails(plenary, '850 0000 0001'));
    openSchedule();
    await userEvent.click(await topicOf('Пленарное'));
    const box = await dialog('Пленарное');
    expect(await within(box).findByTestId('agenda')).toHaveTextContent('Нет описания');
    expect(within(box).getByText('Без кода доступа')).toBeInTheDocument();
    expect(within(box).queryByRole('button', { name: 'Показать' })).not.toBeInTheDocument();
  });

  it("copies Zoom's invitation, and shows why when Zoom refuses it", async () => {
    const user = userEvent.setup();
    const invitation = 'Борис Иванов приглашает вас на запланированную конференцию: Zoom.\n\nТема: Секция Б\nИдентификатор конференции: 850 0000 0004\nКод доступа: k3Y9pQ';
    let refuse = false;
    const calls = serveSchedule(() => sectionBDetails, {
      meeting_invitation: () => {
        if (refuse) throw fault('scope_missing', 'Аккаунт подключён без права meeting:read:invitation, которое для этого нужно.');
        return invitation;
      },
    });
    openSchedule();
    await user.click(await topicOf('Секция Б'));
    const box = await dialog('Секция Б');
    await within(box).findByTestId('agenda');

    await user.click(within(box).getByRole('button', { name: 'Скопировать приглашение' }));
    expect(await within(box).findByText('Приглашение скопировано')).toBeInTheDocument();
    expect(asked(calls, 'meeting_invitation')).toEqual([{ eventId: 3, connectionId: 2, meetingId: 85_000_000_004 }]);
    expect(await navigator.clipboard.readText()).toBe(invitation);

    refuse = true;
    await user.click(within(box).getByRole('button', { name: 'Скопировать приглашение' }));
    expect(await within(box).findByRole('alert')).toHaveTextContent('Аккаунт подключён без права meeting:read:invitation, которое для этого нужно.');
    expect(within(box).queryByText('Приглашение скопировано')).not.toBeInTheDocument();
  });

  it('asks to reconnect an account connected without the scopes, and disables the invitation saying why', async () => {
    const calls = serveSchedule(() => meetingDetails(plenary, '850 0000 0001', { missingScopes: ['meeting:read:meeting'] }), {
      meeting_invitation: () => 'never asked',
    });
    openSchedule();
    await userEvent.click(await topicOf('Пленарное'));
    const box = await dialog('Пленарное');

    const notice = await within(box).findByTestId('details-missing-scopes');
    expect(notice).toHaveTextContent('Аккаунт подключён без прав: meeting:read:meeting. Подключите его заново на странице Zoom');
    expect(within(notice).getByRole('link', { name: 'Подключите его заново на странице Zoom' })).toHaveAttribute('href', '#/events/3/integrations/zoom');
    const invite = within(box).getByRole('button', { name: 'Скопировать приглашение' });
    expect(invite).toBeDisabled();
    expect(invite).toHaveAccessibleDescription('Недоступно, пока аккаунт не подключён заново с нужными правами.');
    // Zoom was not asked: nothing is known of the agenda, and no «no description» is claimed.
    expect(within(box).queryByText('Нет описания')).not.toBeInTheDocument();
    expect(within(box).getAllByText('Неизвестно').length).toBeGreaterThan(0);
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:00–11:00');
    expect(asked(calls, 'meeting_invitation')).toEqual([]);
  });

  it("shows Zoom's fault with the stored meeting still there, and asks again with «Повторить»", async () => {
    let attempts = 0;
    const calls = serveSchedule(() => {
      attempts += 1;
      return attempts === 1
        ? meetingDetails(plenary, '850 0000 0001', { fault: fault('zoom_unreachable', 'Zoom не отвечает. Проверьте подключение к интернету.') })
        : meetingDetails(plenary, '850 0000 0001', { agenda: 'Открытие конференции.' });
    });
    openSchedule();
    await userEvent.click(await topicOf('Пленарное'));
    const box = await dialog('Пленарное');

    expect(await within(box).findByRole('alert')).toHaveTextContent('Zoom не отвечает. Проверьте подключение к интернету.');
    expect(within(box).getByRole('heading', { name: 'Пленарное' })).toBeInTheDocument();
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:00–11:00');
    expect(within(box).getByText('anna@zoom.example')).toBeInTheDocument();
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0001');
    expect(within(box).getByRole('button', { name: 'Скопировать приглашение' })).toBeEnabled();

    await userEvent.click(within(box).getByRole('button', { name: 'Повторить' }));
    expect(await within(box).findByTestId('agenda')).toHaveTextContent('Открытие конференции.');
    expect(within(box).queryByRole('alert')).not.toBeInTheDocument();
    expect(asked(calls, 'meeting_details')).toHaveLength(2);
  });

  it("shows Rust's refusal with the row's meeting when the details cannot be read at all", async () => {
    serveSchedule(() => {
      throw fault('not_found', 'Этой встречи нет в сохранённом списке: возможно, её удалили в Zoom. Обновите страницу.');
    });
    openSchedule();
    await userEvent.click(await topicOf('Пленарное'));
    const box = await dialog('Пленарное');
    expect(await within(box).findByRole('alert')).toHaveTextContent('Этой встречи нет в сохранённом списке');
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:00–11:00');
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0001');
  });

  it('keeps Tab inside, closes with Esc or «Закрыть», and gives the focus back to the topic', async () => {
    serveSchedule(() => sectionBDetails);
    openSchedule();
    const topic = await topicOf('Секция Б');
    await userEvent.click(topic);
    const box = await dialog('Секция Б');
    await within(box).findByTestId('agenda');
    expect(box).toHaveFocus();

    for (let i = 0; i < 12; i += 1) {
      await userEvent.tab();
      expect(box.contains(document.activeElement)).toBe(true);
    }
    await userEvent.tab({ shift: true });
    expect(box.contains(document.activeElement)).toBe(true);

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(topic).toHaveFocus();

    await userEvent.keyboard('{Enter}');
    const again = await dialog('Секция Б');
    await userEvent.click(within(again).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(topic).toHaveFocus();
  });
});

describe('Meeting details from the connection page', () => {
  it("opens from a row's topic, asking for that connection's meeting", async () => {
    const stored = meeting(85_000_000_111, 'Пленарное заседание', { joinUrl: 'https://us02web.zoom.us/j/85000000111' });
    const page = details([stored]);
    const calls = answer(
      withStoredMeetings({
        zoom_connection_details: () => page,
        refresh_zoom_connection: () => page,
        meeting_details: () => meetingDetails(stored, '850 0000 0111', { agenda: 'Открытие.\nДоклад председателя.', passcode: '424242' }),
      }),
    );
    render(ConnectionPage, { eventId: 3, connectionId: 1 });

    await userEvent.click(await topicOf('Пленарное заседание'));
    const box = await dialog('Пленарное заседание');
    expect(asked(calls, 'meeting_details')).toEqual([{ eventId: 3, connectionId: 1, meetingId: 85_000_000_111, occurrenceId: null }]);
    expect((await within(box).findByTestId('agenda')).textContent).toBe('Открытие.\nДоклад председателя.');
    expect(within(box).getByTestId('time-event')).toHaveTextContent('чт, 3 декабря 2026 г. в 10:00–11:00');
    expect(within(box).getByText('Основной зал')).toBeInTheDocument();
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0111');
    expect(document.body.textContent).not.toContain('424242');
    await userEvent.click(within(box).getByRole('button', { name: 'Показать' }));
    expect(within(box).getByTestId('passcode')).toHaveTextContent('424242');

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Пленарное заседание' })).toHaveFocus();
  });
});

describe('Meeting details from a reminder', () => {
  const info = { version: '0.1.0', lang: 'ru', dataDir: '/tmp/myscihub', logDir: '/tmp/myscihub/logs', demo: false, startEventId: null, startRoute: null };
  const anna = { id: 1, name: 'Анна', email: 'anna@example.org' };
  const schedulePage = '#/events/3/integrations/schedule';

  /** The app with the schedule's commands; `answerFor` answers `meeting_details`. */
  function serveApp(answerFor: (args: Record<string, unknown>) => unknown) {
    return serveSchedule(answerFor, {
      app_info: () => info,
      current_profile: () => anna,
      list_events: () => [conference],
      open_event: () => conference,
      open_join_link: () => null,
    });
  }

  /** The administrator clicked the reminder of `meetingId` (of `connectionId`, on event 3). */
  const clickReminder = (connectionId: number, meetingId: number, occurrenceId: string | null = null) =>
    tell({ kind: 'openMeeting', eventId: 3, connectionId, meetingId, occurrenceId });

  it("opens the event's schedule from another page, with the meeting's details and its Join button", async () => {
    const calls = serveApp(() => sectionBDetails);
    render(App);
    await screen.findByRole('heading', { name: 'Мои мероприятия' });

    await clickReminder(2, 85_000_000_004);
    const box = await dialog('Секция Б');
    expect(window.location.hash).toBe(schedulePage);
    expect(screen.getByRole('heading', { name: 'Расписание', level: 1 })).toBeInTheDocument();
    expect(box).toHaveAttribute('data-meeting-id', '85000000004');
    expect((await within(box).findByTestId('agenda')).textContent).toBe(agenda);
    expect(within(box).getByTestId('details-meeting-id')).toHaveTextContent('850 0000 0004');
    // Rust's answer is the dialog's: Zoom is asked once.
    expect(asked(calls, 'meeting_details')).toEqual([{ eventId: 3, connectionId: 2, meetingId: 85_000_000_004, occurrenceId: null }]);

    await userEvent.click(within(box).getByRole('button', { name: 'Подключиться' }));
    expect(asked(calls, 'open_join_link')).toEqual([{ eventId: 3, connectionId: 2, meetingId: 85_000_000_004 }]);
    expect(within(box).getByRole('button', { name: 'Копировать ссылку' })).toBeInTheDocument();

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('opens an occurrence over the schedule already open, although the filter hides its row', async () => {
    window.location.hash = schedulePage;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const calls = serveApp(() => meetingDetails(seminar, '850 0000 0005', { agenda: 'Еженедельный семинар.' }));
    render(App);
    await row('Пленарное');
    await userEvent.type(screen.getByLabelText('Найти по теме'), 'Пленарное');
    await vi.waitFor(() => expect(screen.queryByRole('listitem', { name: 'Семинар' })).not.toBeInTheDocument());

    await clickReminder(1, 85_000_000_005, '1764838800000');
    const box = await dialog('Семинар');
    expect(box).toHaveAttribute('data-meeting-id', '85000000005');
    expect(box).toHaveAttribute('data-occurrence-id', '1764838800000');
    expect(await within(box).findByTestId('agenda')).toHaveTextContent('Еженедельный семинар.');
    expect(within(box).getByRole('button', { name: 'Подключиться' })).toBeInTheDocument();
    expect(asked(calls, 'meeting_details')).toEqual([{ eventId: 3, connectionId: 1, meetingId: 85_000_000_005, occurrenceId: '1764838800000' }]);
    // The page stayed as it was: the event was not opened again, and the filter kept its words.
    expect(asked(calls, 'open_event')).toHaveLength(1);
    expect(screen.getByLabelText('Найти по теме')).toHaveValue('Пленарное');
  });

  it('says plainly that the meeting is gone instead of an empty dialog', async () => {
    serveApp(() => {
      throw fault('not_found', 'Этой встречи нет в сохранённом списке: возможно, её удалили в Zoom. Обновите страницу.');
    });
    render(App);
    await screen.findByRole('heading', { name: 'Мои мероприятия' });

    await clickReminder(1, 85_000_000_099);
    const notice = await screen.findByText('Встречи из напоминания больше нет в расписании: возможно, её удалили в Zoom.');
    expect(window.location.hash).toBe(schedulePage);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await row('Пленарное')).toBeInTheDocument();

    await userEvent.click(within(notice.closest('.notice') as HTMLElement).getByRole('button', { name: 'Скрыть' }));
    expect(screen.queryByText(/Встречи из напоминания больше нет/)).not.toBeInTheDocument();
  });
});
