import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionDetails } from '../src/lib/api';
import ConnectionPage from '../src/views/zoom/ConnectionPage.svelte';
import { answer, fault, refuse, tell } from './ipc';
import { account, accountDetails, connection, details, meeting, syncState, withStoredMeetings } from './zoom';

/** A promise the test settles when it wants to. */
function later<T>() {
  let settle!: (value: T) => void;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  return { promise, settle, fail };
}

/** Rust's answers, with `zoom_meetings` serving the meetings of the page last answered. */
const serve = (handlers: Parameters<typeof answer>[0]) => answer(withStoredMeetings(handlers));
const open = () => render(ConnectionPage, { eventId: 3, connectionId: 1 });
const list = () => screen.findByRole('list', { name: 'Запланированные видеоконференции' });
const row = (topic: string) => screen.findByRole('listitem', { name: topic });
const refreshes = (calls: { command: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.command === 'refresh_zoom_connection').map((c) => c.args.force);
const hhmm = (iso: string) => new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Lets the page's pending answers arrive. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ConnectionPage', () => {
  it("shows the connection's Zoom account: plan, time zone, account ID, permissions and last update", async () => {
    const page = details([]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    expect(await screen.findByRole('heading', { name: 'Основной зал' })).toBeInTheDocument();
    expect(screen.getByText('Подключен')).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Аккаунт Zoom' });
    expect(within(card).getByText('Анна Петрова')).toBeInTheDocument();
    expect(within(card).getByText('anna@zoom.example')).toBeInTheDocument();
    expect(within(card).getByTestId('zoom-plan')).toHaveTextContent('Licensed (платный)');
    expect(within(card).getByText('Europe/Moscow')).toBeInTheDocument();
    expect(within(card).getByText('ZA-8f3k2')).toBeInTheDocument();
    expect(within(card).getByText('meeting:read:list_meetings')).toBeInTheDocument();
    expect(within(card).getByTestId('last-synced')).toHaveTextContent(/^Обновлено \S/);
    expect(within(card).queryByTestId('missing-scopes')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Подключения Zoom/ })).toHaveAttribute('href', '#/events/3/integrations/zoom');
  });

  it.each([
    ['basic', 'Basic (бесплатный)'],
    ['licensed', 'Licensed (платный)'],
    ['none', 'Без лицензии'],
  ] as const)('names the %s plan', async (userType, label) => {
    const page = details([], { account: accountDetails({ userType }) });
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    expect(await screen.findByTestId('zoom-plan')).toHaveTextContent(label);
  });

  it('says when the account was never updated', async () => {
    const page = details([], { sync: syncState({ lastSyncedAt: null }) });
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => later<ConnectionDetails>().promise });
    open();
    expect(await screen.findByTestId('last-synced')).toHaveTextContent('Ещё не обновлялось');
  });

  it('warns about missing permissions, naming them', async () => {
    const page = details([], { account: accountDetails({ missingScopes: ['meeting:read:list_meetings', 'meeting:read:meeting'] }) });
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const warning = await screen.findByTestId('missing-scopes');
    expect(warning).toHaveTextContent('meeting:read:list_meetings, meeting:read:meeting');
    expect(warning).toHaveTextContent('могут не загружаться, пока приложение не будет подключено заново');
    expect(within(warning).getByRole('link')).toHaveAttribute('href', '#/events/3/integrations/zoom');
  });

  it('shows the stored meetings at once, then the refreshed ones; the refresh in progress is visible', async () => {
    const refreshed = later<ConnectionDetails>();
    const calls = serve({
      zoom_connection_details: () => details([meeting(111, 'Пленарное заседание')], { sync: syncState({ stale: true }) }),
      refresh_zoom_connection: () => refreshed.promise,
    });
    open();

    expect(await row('Пленарное заседание')).toBeInTheDocument();
    expect(calls.map((c) => c.command).filter((c) => c !== 'zoom_meetings' && c !== 'view_rendered')).toEqual([
      'zoom_connection_details',
      'refresh_zoom_connection',
    ]);
    expect(calls.find((c) => c.command === 'refresh_zoom_connection')?.args).toEqual({ eventId: 3, connectionId: 1, force: false });
    expect(await screen.findByText('Обновляется…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Обновить' })).toBeDisabled();
    expect(await list()).toHaveAttribute('aria-busy', 'true');
    // Old data is expected while the refresh runs: no alarm yet.
    expect(screen.queryByTestId('stale')).not.toBeInTheDocument();

    refreshed.settle(details([meeting(111, 'Пленарное заседание'), meeting(222, 'Секция физики')]));
    expect(await row('Секция физики')).toBeInTheDocument();
    expect(screen.queryByText('Обновляется…')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Обновить' })).toBeEnabled();
    expect(screen.queryByTestId('stale')).not.toBeInTheDocument();
  });

  it('keeps the list when Zoom fails, marks it stale and says why and until when Zoom limits requests', async () => {
    const retryAt = '2026-11-30T10:20:00Z';
    serve({
      zoom_connection_details: () => details([meeting(111, 'Пленарное заседание')]),
      refresh_zoom_connection: () =>
        details([meeting(111, 'Пленарное заседание')], {
          sync: syncState({ stale: true, fault: fault('zoom_rate_limited', 'Zoom временно ограничил число запросов.'), retryAt }),
        }),
    });
    open();

    const stale = await screen.findByTestId('stale');
    expect(stale).toHaveTextContent(/Данные от \S/);
    expect(stale).toHaveTextContent('Zoom временно ограничил число запросов.');
    expect(stale).toHaveTextContent(`Zoom ограничил запросы до ${hhmm(retryAt)}`);
    expect(await row('Пленарное заседание')).toBeInTheDocument();
  });

  it('keeps the list when the refresh is refused, and shows the message as Rust wrote it', async () => {
    serve({
      zoom_connection_details: () => details([meeting(111, 'Пленарное заседание')]),
      refresh_zoom_connection: refuse(fault('storage', 'Не удалось сохранить или прочитать данные на этом компьютере.')),
    });
    open();

    const stale = await screen.findByTestId('stale');
    expect(stale).toHaveTextContent(/Данные от \S/);
    expect(stale).toHaveTextContent('Не удалось сохранить или прочитать данные на этом компьютере.');
    expect(await row('Пленарное заседание')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Обновить' })).toBeEnabled();
  });

  it('says the data was never updated when the first sync fails', async () => {
    const failed = details([], {
      sync: syncState({ lastSyncedAt: null, stale: true, fault: fault('zoom_unreachable', 'Zoom не отвечает. Попробуйте позже.') }),
    });
    serve({ zoom_connection_details: () => failed, refresh_zoom_connection: () => failed });
    open();

    const stale = await screen.findByTestId('stale');
    expect(stale).toHaveTextContent('Данные не обновлялись');
    expect(stale).toHaveTextContent('Zoom не отвечает. Попробуйте позже.');
    expect(screen.queryByText('В этом аккаунте нет запланированных видеоконференций.')).not.toBeInTheDocument();
  });

  it('forces a refresh with the button, F5, Ctrl+R and Cmd+R; window focus refreshes without forcing', async () => {
    const page = details([meeting(111, 'Пленарное заседание')]);
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await row('Пленарное заседание');
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false]));

    await userEvent.click(screen.getByRole('button', { name: 'Обновить' }));
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true]));

    // The webview must not reload the app itself.
    expect(await fireEvent.keyDown(window, { key: 'F5', code: 'F5' })).toBe(false);
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true, true]));

    await userEvent.keyboard('{Control>}r{/Control}');
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true, true, true]));

    expect(await fireEvent.keyDown(window, { key: 'r', code: 'KeyR', metaKey: true })).toBe(false);
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true, true, true, true]));

    // Ctrl+R on a Russian keyboard layout is the same key.
    await fireEvent.keyDown(window, { key: 'к', code: 'KeyR', ctrlKey: true });
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true, true, true, true, true]));

    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true, true, true, true, true, false]));

    // Plain typing is not a refresh.
    expect(await fireEvent.keyDown(window, { key: 'r', code: 'KeyR' })).toBe(true);
    await settled();
    expect(refreshes(calls)).toHaveLength(7);
    expect(calls.filter((c) => c.command !== 'view_rendered').every((c) => c.args.eventId === 3 && c.args.connectionId === 1)).toBe(true);
  });

  it('runs a forced refresh asked for during another one right after it, once', async () => {
    const first = later<ConnectionDetails>();
    const page = details([meeting(111, 'Пленарное заседание')]);
    let n = 0;
    const calls = serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => (++n === 1 ? first.promise : page),
    });
    open();
    await row('Пленарное заседание');
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false]));

    fireEvent.keyDown(window, { key: 'F5' });
    fireEvent.keyDown(window, { key: 'F5' });
    window.dispatchEvent(new Event('focus'));
    first.settle(page);
    await vi.waitFor(() => expect(refreshes(calls)).toEqual([false, true]));
    await settled();
    expect(refreshes(calls)).toEqual([false, true]);
  });

  it('shows times in the event time zone, with the meeting zone and local time on hover', async () => {
    const page = details(
      [meeting(111, 'Открытие', { startTime: '2026-12-03T07:00:00Z', timezone: 'Europe/Moscow' }), meeting(222, 'Без зоны', { startTime: '2026-12-04T03:30:00Z' })],
      { eventTimeZone: 'Asia/Novosibirsk' },
    );
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const opening = within(await row('Открытие')).getByTestId('meeting-start');
    expect(opening).toHaveTextContent(/14:00/);
    expect(opening).toHaveTextContent(/3 декабря/);
    expect(opening).toHaveAttribute('datetime', '2026-12-03T07:00:00Z');
    expect(opening.getAttribute('title')).toMatch(/По времени встречи \(Europe\/Moscow\): .*10:00/);
    expect(opening.getAttribute('title')).toMatch(/На вашем компьютере: /);

    const plain = within(await row('Без зоны')).getByTestId('meeting-start');
    expect(plain).toHaveTextContent(/10:30/);
    expect(plain).not.toHaveAttribute('title');
    expect(screen.getByText('Время указано в часовом поясе мероприятия: Asia/Novosibirsk.')).toBeInTheDocument();
  });

  it('shows duration and recurrence; meetings without fixed time come last, the rest soonest first', async () => {
    const page = details([
      meeting(3, 'Консультации', { meetingType: 3, startTime: null, fixedTime: false, recurring: true, durationMinutes: null }),
      meeting(2, 'Закрытие', { startTime: '2026-12-05T10:00:00Z', durationMinutes: 45 }),
      meeting(1, 'Еженедельный семинар', { meetingType: 8, startTime: '2026-12-01T10:00:00Z', recurring: true, durationMinutes: 90 }),
    ]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const items = await within(await list()).findAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('aria-labelledby') && li.querySelector('.meeting-topic')?.textContent)).toEqual([
      'Еженедельный семинар',
      'Закрытие',
      'Консультации',
    ]);
    const weekly = await row('Еженедельный семинар');
    expect(within(weekly).getByText('Повторяющаяся')).toBeInTheDocument();
    expect(within(weekly).getByText(/90 мин/)).toBeInTheDocument();
    expect(within(await row('Закрытие')).queryByText('Повторяющаяся')).not.toBeInTheDocument();

    const timeless = await row('Консультации');
    expect(within(timeless).getByText('Без фиксированного времени')).toBeInTheDocument();
    expect(within(timeless).getByText('Повторяющаяся')).toBeInTheDocument();
    expect(within(timeless).queryByTestId('meeting-start')).not.toBeInTheDocument();
  });

  it('marks a meeting that overlaps another of the same Zoom user, saying with which and why it matters', async () => {
    const page = details([
      meeting(1, 'Пленарное', {
        startTime: '2026-12-03T07:00:00Z',
        overlaps: { id: 2, topic: 'Секция А', startTime: '2026-12-03T07:30:00Z', endTime: '2026-12-03T08:30:00Z' },
      }),
      meeting(2, 'Секция А', {
        startTime: '2026-12-03T07:30:00Z',
        overlaps: { id: 1, topic: 'Пленарное', startTime: '2026-12-03T07:00:00Z', endTime: '2026-12-03T08:00:00Z' },
      }),
      meeting(3, 'Закрытие', { startTime: '2026-12-03T12:00:00Z' }),
    ]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    const plenary = within(await row('Пленарное')).getByTestId('meeting-overlap');
    expect(plenary).toHaveTextContent('Пересекается по времени');
    expect(plenary).toHaveAccessibleName(/^В то же время, что «Секция А» \(.*10:30–11:30\), на том же аккаунте Zoom: Zoom позволяет одному пользователю проводить одну встречу за раз, если у аккаунта нет опции одновременных встреч\.$/);
    expect(within(await row('Секция А')).getByTestId('meeting-overlap')).toHaveAccessibleName(/«Пленарное» \(.*10:00–11:00\)/);
    expect(within(await row('Закрытие')).queryByTestId('meeting-overlap')).not.toBeInTheDocument();
  });

  it('opens only joinable links, through Rust; an unsafe link is plain text; no link says so', async () => {
    const page = details([
      meeting(111, 'Пленарное заседание', { joinUrl: 'https://us02web.zoom.us/j/111?pwd=x' }),
      meeting(222, 'Чужая ссылка', { joinUrl: 'https://evil.example/j/222', joinable: false, startTime: '2026-12-04T07:00:00Z' }),
      meeting(333, 'Без ссылки', { joinUrl: null, joinable: false, startTime: '2026-12-05T07:00:00Z' }),
    ]);
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page, open_join_link: () => null });
    open();

    const unsafe = await row('Чужая ссылка');
    expect(within(unsafe).getByText('https://evil.example/j/222').tagName).toBe('SPAN');
    expect(within(unsafe).getByText('Ссылка не ведёт на zoom.us — не открываем её')).toBeInTheDocument();
    expect(within(unsafe).queryByRole('link')).not.toBeInTheDocument();
    // The only button is the topic, which opens the details: nothing to join or copy.
    expect(within(unsafe).getAllByRole('button').map((b) => b.textContent)).toEqual(['Чужая ссылка']);
    expect(unsafe.querySelector('a')).toBeNull();

    expect(within(await row('Без ссылки')).getByText('Нет ссылки')).toBeInTheDocument();
    expect(within(await row('Без ссылки')).getAllByRole('button').map((b) => b.textContent)).toEqual(['Без ссылки']);

    const plenary = await row('Пленарное заседание');
    expect(plenary.querySelector('a')).toBeNull();
    await userEvent.click(within(plenary).getByRole('button', { name: 'Подключиться' }));
    expect(calls.find((c) => c.command === 'open_join_link')?.args).toEqual({ eventId: 3, connectionId: 1, meetingId: 111 });
  });

  it("shows Rust's refusal to open a join link next to the meeting", async () => {
    const page = details([meeting(111, 'Пленарное заседание')]);
    serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => page,
      open_join_link: refuse(fault('not_joinable', 'Эта ссылка не ведёт на Zoom, приложение не откроет её.')),
    });
    open();

    const plenary = await row('Пленарное заседание');
    await userEvent.click(within(plenary).getByRole('button', { name: 'Подключиться' }));
    expect(await within(plenary).findByRole('alert')).toHaveTextContent('Эта ссылка не ведёт на Zoom, приложение не откроет её.');
  });

  it('copies the join link', async () => {
    const user = userEvent.setup();
    const page = details([meeting(111, 'Пленарное заседание', { joinUrl: 'https://us02web.zoom.us/j/111?pwd=x' })]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const plenary = await row('Пленарное заседание');
    await user.click(within(plenary).getByRole('button', { name: 'Копировать ссылку' }));
    expect(await within(plenary).findByText('Скопировано')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe('https://us02web.zoom.us/j/111?pwd=x');
  });

  it("keeps «Скопировано» with the meeting whose link was copied when a filter puts another in its row's place", async () => {
    const user = userEvent.setup();
    const page = details([
      meeting(1, 'Секция физики', { startTime: '2026-12-01T07:00:00Z', joinUrl: 'https://us02web.zoom.us/j/1' }),
      meeting(2, 'Секция химии', { startTime: '2026-12-02T07:00:00Z', joinUrl: 'https://us02web.zoom.us/j/2' }),
    ]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const physics = await row('Секция физики');
    await user.click(within(physics).getByRole('button', { name: 'Копировать ссылку' }));
    expect(await within(physics).findByText('Скопировано')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Найти по теме'), 'хим');
    const chemistry = await row('Секция химии');
    expect(within(chemistry).queryByText('Скопировано')).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(await within(await row('Секция физики')).findByText('Скопировано')).toBeInTheDocument();
  });

  it('copies through a hidden text area when the Clipboard API is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
    let copied: string | null = null;
    const execCommand = vi.fn((command: string) => {
      const area = document.querySelector<HTMLTextAreaElement>('textarea.clipboard-helper');
      if (command === 'copy' && area) copied = area.value;
      return true;
    });
    Object.defineProperty(document, 'execCommand', { configurable: true, value: execCommand });
    const page = details([meeting(111, 'Пленарное заседание', { joinUrl: 'https://us02web.zoom.us/j/111' })]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const plenary = await row('Пленарное заседание');
    await fireEvent.click(within(plenary).getByRole('button', { name: 'Копировать ссылку' }));
    expect(await within(plenary).findByText('Скопировано')).toBeInTheDocument();
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe('https://us02web.zoom.us/j/111');
    expect(document.querySelector('textarea.clipboard-helper')).toBeNull();
    Reflect.deleteProperty(document, 'execCommand');
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('offers the link, selected, to copy by hand when the system refuses to copy', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
    });
    Object.defineProperty(document, 'execCommand', { configurable: true, value: () => false });
    const page = details([meeting(111, 'Пленарное заседание', { joinUrl: 'https://us02web.zoom.us/j/111' })]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const plenary = await row('Пленарное заседание');
    await fireEvent.click(within(plenary).getByRole('button', { name: 'Копировать ссылку' }));
    const byHand = await within(plenary).findByRole('textbox', { name: /Скопируйте вручную/ });
    expect(byHand).toHaveValue('https://us02web.zoom.us/j/111');
    expect(byHand).toHaveAttribute('readonly');
    await vi.waitFor(() => expect(byHand).toHaveFocus());
    expect(within(plenary).queryByText('Скопировано')).not.toBeInTheDocument();
    Reflect.deleteProperty(document, 'execCommand');
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('renders topics as text, never as markup', async () => {
    const page = details([meeting(111, '<b>markup</b> & <img src=x onerror=alert(1)>')]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const item = await row('<b>markup</b> & <img src=x onerror=alert(1)>');
    expect(item.querySelector('b')).toBeNull();
    expect(item.querySelector('img')).toBeNull();
    expect(within(item).getByText('<b>markup</b> & <img src=x onerror=alert(1)>')).toBeInTheDocument();
  });

  it('filters by topic as the user types, whatever the case; Escape clears the filter', async () => {
    const page = details([
      meeting(1, 'Секция ФИЗИКИ', { startTime: '2026-12-01T07:00:00Z' }),
      meeting(2, 'Секция химии', { startTime: '2026-12-02T07:00:00Z' }),
      meeting(3, 'Физика плазмы', { startTime: '2026-12-03T07:00:00Z' }),
    ]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const filter = await screen.findByLabelText('Найти по теме');
    await userEvent.type(filter, 'физик');
    const topics = () => within(screen.getByRole('list', { name: 'Запланированные видеоконференции' })).getAllByRole('listitem').map((li) => li.querySelector('.meeting-topic')?.textContent);
    expect(topics()).toEqual(['Секция ФИЗИКИ', 'Физика плазмы']);
    expect(screen.getByText('Найдено: 2 из 3')).toBeInTheDocument();

    await userEvent.type(filter, 'ология');
    expect(screen.getByText('Нет видеоконференций, в теме которых есть «физикология».')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Запланированные видеоконференции' })).queryAllByRole('listitem')).toHaveLength(0);

    await userEvent.keyboard('{Escape}');
    expect(filter).toHaveValue('');
    expect(topics()).toHaveLength(3);
  });

  it('says when the account has no scheduled meetings', async () => {
    const page = details([]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    expect(await screen.findByText('В этом аккаунте нет запланированных видеоконференций.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Найти по теме')).not.toBeInTheDocument();
  });

  it('says when no account is connected, points to the Zoom page and asks Zoom nothing', async () => {
    const calls = serve({
      zoom_connection_details: () => details([], { connection: connection(1, 'Основной зал'), account: null, sync: syncState({ lastSyncedAt: null }) }),
    });
    open();

    expect(await screen.findByText('Аккаунт Zoom ещё не подключен.')).toBeInTheDocument();
    expect(screen.getByText('Не подключен')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Подключить аккаунт на странице Zoom' })).toHaveAttribute('href', '#/events/3/integrations/zoom');
    expect(screen.queryByRole('button', { name: 'Обновить' })).not.toBeInTheDocument();
    await fireEvent.keyDown(window, { key: 'F5' });
    await settled();
    expect(calls.some((c) => c.command === 'refresh_zoom_connection')).toBe(false);
  });

  it("follows changes to the event's connections: an account removed in Zoom comes back not connected, with the notice", async () => {
    let page = details([meeting(111, 'Пленарное заседание')]);
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await row('Пленарное заседание');

    page = details([], {
      connection: connection(1, 'Основной зал', { notice: 'appRemovedInZoom' }),
      account: null,
      sync: syncState({ lastSyncedAt: null }),
    });
    await tell({ kind: 'zoomConnectionsChanged', eventId: 4 });
    await settled();
    expect(screen.getByRole('listitem', { name: 'Пленарное заседание' })).toBeInTheDocument();

    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    expect(await screen.findByText(/Приложение MySciHub удалено в Zoom Marketplace/)).toBeInTheDocument();
    expect(screen.getByText('Не подключен')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Пленарное заседание' })).not.toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'zoom_connection_details')).toHaveLength(2);
  });

  it('loads the meetings once an account gets connected while the page is open', async () => {
    let page = details([], { connection: connection(1, 'Основной зал', { status: 'authorizing' }), account: null, sync: syncState({ lastSyncedAt: null }) });
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => details([meeting(111, 'Пленарное заседание')]) });
    open();
    expect(await screen.findByText(/Завершите вход в Zoom/)).toBeInTheDocument();

    page = details([], { connection: connection(1, 'Основной зал', { status: 'connected', account }), sync: syncState({ lastSyncedAt: null }) });
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    expect(await row('Пленарное заседание')).toBeInTheDocument();
    expect(refreshes(calls)).toEqual([false]);
  });

  it('says when the connection is gone', async () => {
    serve({ zoom_connection_details: refuse(fault('not_found', 'Подключение не найдено: возможно, его удалили.')) });
    open();
    expect(await screen.findByRole('alert')).toHaveTextContent('Подключение не найдено: возможно, его удалили.');
    expect(screen.queryByRole('button', { name: 'Повторить' })).not.toBeInTheDocument();
  });

  it('offers to try again when the stored data cannot be read', async () => {
    let attempts = 0;
    const page = details([meeting(111, 'Пленарное заседание')]);
    serve({
      zoom_connection_details: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать данные на этом компьютере.');
        return page;
      },
      refresh_zoom_connection: () => page,
    });
    open();

    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать данные на этом компьютере.');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await row('Пленарное заседание')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says why Zoom refuses the account, that the meetings are kept, and by when to connect it again', async () => {
    const purgeAt = '2026-12-12T07:00:00Z';
    const page = details([meeting(111, 'Пленарное заседание')], {
      connection: connection(1, 'Основной зал', { status: 'needsReauth', account, purgeAt }),
    });
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const notice = await screen.findByTestId('reauth');
    expect(notice).toHaveTextContent(
      'Zoom больше не принимает вход MySciHub в этот аккаунт: приложение удалили в Zoom Marketplace или вход потерян. Встречи сохранены.',
    );
    // On the event's clock (Moscow: UTC+3), named when this computer's clock differs.
    const moscow = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
    const local = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
    const when = moscow.format(new Date(purgeAt)) === local.format(new Date(purgeAt))
      ? '12 декабря в 10:00'
      : '12 декабря в 10:00 по времени мероприятия (Europe/Moscow)';
    expect(notice).toHaveTextContent(
      `Нажмите «Подключить» на странице Zoom до ${when} — иначе аккаунт будет отключён от всех мероприятий.`,
    );
    expect(within(notice).getByText(/до 12 декабря/).closest('time')).toHaveAttribute('datetime', purgeAt);
    expect(within(notice).getByRole('link', { name: 'Подключить заново на странице Zoom' })).toHaveAttribute(
      'href',
      '#/events/3/integrations/zoom',
    );
    expect(await row('Пленарное заседание')).toBeInTheDocument();
  });

  it('asks to reconnect without a date when Rust names none', async () => {
    const page = details([], { connection: connection(1, 'Основной зал', { status: 'needsReauth', account }) });
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    const notice = await screen.findByTestId('reauth');
    expect(notice).toHaveTextContent('Встречи сохранены. Нажмите «Подключить» на странице Zoom и войдите в Zoom снова.');
    expect(notice).not.toHaveTextContent('до ');
  });

  it('warns while the new Zoom sign-in is not saved to disk, and stops once it is', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let unsaved = true;
      const page = () => details([meeting(111, 'Пленарное заседание')], { sync: syncState({ tokensUnsaved: unsaved }) });
      const calls = serve({ zoom_connection_details: page, refresh_zoom_connection: page });
      open();

      const warning = await screen.findByRole('alert');
      expect(warning).toHaveTextContent(
        'Не удалось сохранить новый доступ к Zoom на диск: приложение держит его в памяти и повторяет запись. ' +
          'Освободите место на диске и не закрывайте приложение, иначе аккаунт придётся подключить снова.',
      );
      expect(await row('Пленарное заседание')).toBeInTheDocument();

      // The stored data is read again, without asking Zoom, until the disk takes the sign-in.
      const asked = () => calls.filter((c) => c.command === 'zoom_connection_details').length;
      const before = asked();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(asked()).toBe(before + 1);
      expect(screen.getByTestId('tokens-unsaved')).toBeInTheDocument();

      unsaved = false;
      await vi.advanceTimersByTimeAsync(10_000);
      await vi.waitFor(() => expect(screen.queryByTestId('tokens-unsaved')).not.toBeInTheDocument());
      const after = asked();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(asked()).toBe(after);
      expect(screen.getByRole('listitem', { name: 'Пленарное заседание' })).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows no disk warning when the sign-in is saved', async () => {
    const page = details([meeting(111, 'Пленарное заседание')]);
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    expect(await row('Пленарное заседание')).toBeInTheDocument();
    expect(screen.queryByTestId('tokens-unsaved')).not.toBeInTheDocument();
  });
});
