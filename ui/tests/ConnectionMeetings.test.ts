// The connection page with thousands of meetings: Rust sorts, filters and slices them; the page
// asks for the windows it shows and keeps only the rows in sight in the DOM.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Meeting, MeetingWindow } from '../src/lib/api';
import ConnectionPage from '../src/views/zoom/ConnectionPage.svelte';
import { ROW_HEIGHT } from '../src/views/zoom/meetings';
import { answer, fault, tell } from './ipc';
import { details, meeting, meetingWindow, withStoredMeetings } from './zoom';

type Call = { command: string; args: Record<string, unknown> };

/** A promise the test settles when it wants to. */
function later<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

/** `n` meetings an hour apart, stored newest first: Rust puts them in order. */
function many(n: number): Meeting[] {
  const start = Date.parse('2026-12-01T06:00:00Z');
  return Array.from({ length: n }, (_, i) =>
    meeting(80_000_000_000 + i, `Доклад ${String(i).padStart(4, '0')}`, {
      startTime: new Date(start + i * 3_600_000).toISOString().replace('.000Z', 'Z'),
    }),
  ).reverse();
}

const serve = (handlers: Parameters<typeof answer>[0]) => answer(withStoredMeetings(handlers));
const open = () => render(ConnectionPage, { eventId: 3, connectionId: 1 });
const list = () => screen.findByRole('list', { name: 'Запланированные видеоконференции' });
const domRows = () => document.querySelectorAll('li.meeting');
const windows = (calls: Call[]) => calls.filter((c) => c.command === 'zoom_meetings').map((c) => c.args);
const scroller = () => screen.getByTestId('meeting-scroll');
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

function scrollTo(row: number) {
  const box = scroller();
  box.scrollTop = row * ROW_HEIGHT;
  fireEvent.scroll(box);
}

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe('ConnectionPage with thousands of meetings', () => {
  it('keeps only the rows in sight in the DOM, in a list as tall as all 5,000', async () => {
    const page = details(many(5000));
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();

    expect(await screen.findByRole('listitem', { name: 'Доклад 0000' })).toBeInTheDocument();
    const shown = domRows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThanOrEqual(100);
    expect(shown[0].querySelector('.meeting-topic')?.textContent).toBe('Доклад 0000');
    expect(shown[1].querySelector('.meeting-topic')?.textContent).toBe('Доклад 0001');
    expect(shown[0]).toHaveAttribute('aria-setsize', '5000');
    expect(shown[0]).toHaveAttribute('aria-posinset', '1');
    expect((await list()).style.height).toBe(`${5000 * ROW_HEIGHT}px`);
    expect(screen.queryByRole('listitem', { name: 'Доклад 0200' })).not.toBeInTheDocument();
    // One window, asked for once, although the page was read twice (stored data, then the refresh).
    expect(windows(calls)).toEqual([{ eventId: 3, connectionId: 1, filter: '', offset: 0, limit: 200 }]);
  });

  it('asks Rust for the next window as the list scrolls, and drops the rows out of sight', async () => {
    const page = details(many(5000));
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });

    scrollTo(250);
    expect(await screen.findByRole('listitem', { name: 'Доклад 0250' })).toHaveAttribute('aria-posinset', '251');
    expect(screen.queryByRole('listitem', { name: 'Доклад 0000' })).not.toBeInTheDocument();
    expect(domRows().length).toBeLessThanOrEqual(100);
    expect(windows(calls).map((w) => w.offset)).toEqual([0, 200]);

    scrollTo(4995);
    expect(await screen.findByRole('listitem', { name: 'Доклад 4999' })).toBeInTheDocument();
    expect(domRows().length).toBeLessThanOrEqual(100);
    expect(windows(calls).map((w) => w.offset)).toEqual([0, 200, 4800]);

    // A window already here is not asked for again.
    scrollTo(260);
    expect(await screen.findByRole('listitem', { name: 'Доклад 0260' })).toBeInTheDocument();
    expect(windows(calls).map((w) => w.offset)).toEqual([0, 200, 4800]);
  });

  it('shows placeholders while a window is on its way', async () => {
    const page = details(many(1000));
    const second = later<MeetingWindow>();
    let stored: Meeting[] = [];
    const calls = serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => page,
      zoom_meetings: (args) => {
        stored = many(1000);
        return args.offset === 0 ? meetingWindow(stored, args) : second.promise;
      },
    });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });

    scrollTo(300);
    await settled();
    expect(domRows()).toHaveLength(0);
    expect(document.querySelectorAll('li.meeting-placeholder').length).toBeGreaterThan(0);
    expect(await list()).toHaveAttribute('aria-busy', 'true');

    const asked = windows(calls).find((w) => w.offset === 200);
    expect(asked).toBeDefined();
    second.settle(meetingWindow(stored, asked!));
    expect(await screen.findByRole('listitem', { name: 'Доклад 0300' })).toBeInTheDocument();
    expect(document.querySelectorAll('li.meeting-placeholder')).toHaveLength(0);
  });

  it('sends the filter to Rust with each keystroke and says when nothing is found', async () => {
    const user = userEvent.setup();
    const page = details(many(5000));
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });

    const filter = screen.getByLabelText('Найти по теме');
    await user.type(filter, '123');
    expect(windows(calls).map((w) => w.filter)).toEqual(['', '1', '12', '123']);
    expect(windows(calls).at(-1)).toMatchObject({ offset: 0, limit: 200 });
    expect(await screen.findByRole('listitem', { name: 'Доклад 1230' })).toBeInTheDocument();
    expect(domRows()).toHaveLength(15);
    expect(screen.getByText('Найдено: 15 из 5000')).toBeInTheDocument();

    await user.type(filter, 'x');
    expect(await screen.findByText('Ничего не найдено.')).toBeInTheDocument();
    expect(screen.getByText('Нет видеоконференций, в теме которых есть «123x».')).toBeInTheDocument();
    expect(domRows()).toHaveLength(0);

    await user.keyboard('{Escape}');
    expect(filter).toHaveValue('');
    expect(windows(calls).at(-1)?.filter).toBe('');
    expect(await screen.findByRole('listitem', { name: 'Доклад 0000' })).toBeInTheDocument();
    expect(screen.queryByText('Ничего не найдено.')).not.toBeInTheDocument();
  });

  it('shows the results of the newest filter even when an older answer arrives last', async () => {
    const page = details([meeting(1, 'Физика', { startTime: '2026-12-01T07:00:00Z' }), meeting(2, 'Физиология', { startTime: '2026-12-02T07:00:00Z' })]);
    const slow = later<MeetingWindow>();
    let stored: Meeting[] = [];
    serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => page,
      zoom_meetings: (args) => {
        stored = [meeting(1, 'Физика', { startTime: '2026-12-01T07:00:00Z' }), meeting(2, 'Физиология', { startTime: '2026-12-02T07:00:00Z' })];
        return args.filter === 'физи' ? slow.promise : meetingWindow(stored, args);
      },
    });
    open();
    await screen.findByRole('listitem', { name: 'Физиология' });

    const filter = screen.getByLabelText('Найти по теме');
    await fireEvent.input(filter, { target: { value: 'физи' } });
    await fireEvent.input(filter, { target: { value: 'физик' } });
    await screen.findByText('Найдено: 1 из 2');
    slow.settle(meetingWindow(stored, { filter: 'физи', offset: 0, limit: 200 }));
    await settled();
    expect(screen.getByText('Найдено: 1 из 2')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Физиология' })).not.toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Физика' })).toBeInTheDocument();
  });

  it('asks for its rows again when the event changes elsewhere, and when a sync brings a new list', async () => {
    let page = details(many(300));
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });
    expect(windows(calls)).toHaveLength(1);

    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    await settled();
    expect(windows(calls)).toHaveLength(2);

    page = details([meeting(9, 'Новая встреча')], { sync: { ...page.sync, lastSyncedAt: '2026-11-30T10:00:00Z' } });
    await userEvent.click(screen.getByRole('button', { name: 'Обновить' }));
    expect(await screen.findByRole('listitem', { name: 'Новая встреча' })).toBeInTheDocument();
    expect(windows(calls)).toHaveLength(3);
    expect(domRows()).toHaveLength(1);
    expect((await list()).style.height).toBe(`${ROW_HEIGHT}px`);
  });

  it('keeps the rows in sight while their windows are asked for again', async () => {
    const page = details(many(5000));
    const later200 = later<MeetingWindow>();
    let asking = false;
    const calls = serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => page,
      zoom_meetings: (args) => (asking && args.offset === 200 ? later200.promise : meetingWindow(many(5000), args)),
    });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });
    scrollTo(195);
    expect(await screen.findByRole('listitem', { name: 'Доклад 0205' })).toBeInTheDocument();
    const before = windows(calls).length;

    asking = true;
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    await vi.waitFor(() => expect(windows(calls).slice(before).map((w) => w.offset)).toEqual([0, 200]));
    await settled();
    // Window 0 is back; window 200 is still on its way: its old rows stay meanwhile.
    expect(screen.getByRole('listitem', { name: 'Доклад 0199' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Доклад 0205' })).toBeInTheDocument();
    expect(document.querySelectorAll('li.meeting-placeholder')).toHaveLength(0);
    later200.settle(meetingWindow(many(5000), { filter: '', offset: 200, limit: 200 }));
    await settled();
    expect(screen.getByRole('listitem', { name: 'Доклад 0205' })).toBeInTheDocument();
  });

  it('lets the keyboard go from the filter into the rows', async () => {
    const page = details(many(5000));
    serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    const first = await screen.findByRole('listitem', { name: 'Доклад 0000' });

    screen.getByLabelText('Найти по теме').focus();
    await userEvent.tab();
    // The topic opens the meeting's details.
    expect(within(first).getByRole('button', { name: 'Доклад 0000' })).toHaveFocus();
    await userEvent.tab();
    expect(within(first).getByRole('button', { name: 'Подключиться' })).toHaveFocus();
    await userEvent.tab();
    expect(within(first).getByRole('button', { name: 'Копировать ссылку' })).toHaveFocus();
    await userEvent.tab();
    expect(within(screen.getByRole('listitem', { name: 'Доклад 0001' })).getByRole('button', { name: 'Доклад 0001' })).toHaveFocus();
  });

  it('tells Rust once that the meetings are on screen, and times the first rows and each filter', async () => {
    const user = userEvent.setup();
    const page = details(many(500));
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    await screen.findByRole('listitem', { name: 'Доклад 0000' });

    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1));
    expect(calls.find((c) => c.command === 'view_rendered')?.args).toEqual({ view: 'connection-meetings' });
    expect(performance.getEntriesByName('meetings-first-rows', 'measure')).toHaveLength(1);
    expect(performance.getEntriesByName('meetings-data', 'mark')).toHaveLength(0);

    await user.type(screen.getByLabelText('Найти по теме'), '04');
    await vi.waitFor(() => expect(performance.getEntriesByName('meetings-filter', 'measure')).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Обновить' }));
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    await settled();
    expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1);
    expect(performance.getEntriesByName('meetings-first-rows', 'measure')).toHaveLength(1);
  });

  it('tells Rust the view has data when the account has no meetings at all', async () => {
    const page = details([]);
    const calls = serve({ zoom_connection_details: () => page, refresh_zoom_connection: () => page });
    open();
    expect(await screen.findByText('В этом аккаунте нет запланированных видеоконференций.')).toBeInTheDocument();
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1));
    expect(calls.find((c) => c.command === 'view_rendered')?.args).toEqual({ view: 'connection-meetings' });
    expect(windows(calls)).toHaveLength(0);
  });

  it('offers to try again when Rust cannot read the meetings', async () => {
    const page = details(many(10));
    let attempts = 0;
    serve({
      zoom_connection_details: () => page,
      refresh_zoom_connection: () => page,
      zoom_meetings: (args) => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать данные на этом компьютере.');
        return meetingWindow(many(10), args);
      },
    });
    open();
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать данные на этом компьютере.');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByRole('listitem', { name: 'Доклад 0000' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
