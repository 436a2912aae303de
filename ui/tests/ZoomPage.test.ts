import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { i18n } from '../src/lib/i18n.svelte';
import ZoomPage from '../src/views/ZoomPage.svelte';
import { answer, authorization, fault, refuse, tell } from './ipc';
import { account, connection, settings, zoomSide } from './zoom';

const row = (name: string) => screen.findByRole('listitem', { name });

/** A promise the test settles when it wants to. */
function later<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('ZoomPage', () => {
  it('explains what a connection is and adds the first one', async () => {
    const zoom = zoomSide();
    const calls = answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });

    expect(await screen.findByText(/именованная связь мероприятия с одним аккаунтом Zoom/)).toBeInTheDocument();
    expect(screen.getByText(/видят все администраторы мероприятия/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Добавить Zoom подключение' }));
    expect(screen.getByLabelText('Название подключения')).toHaveFocus();
    await userEvent.keyboard('Основной зал{Enter}');

    expect(calls.find((c) => c.command === 'add_zoom_connection')?.args).toEqual({ eventId: 3, name: 'Основной зал' });
    const added = await row('Основной зал');
    expect(within(added).getByText('Не подключен')).toBeInTheDocument();
    expect(within(added).getByRole('button', { name: 'Подключить' })).toHaveFocus();
    expect(screen.queryByLabelText('Название подключения')).not.toBeInTheDocument();
    expect(await screen.findByText('добавил(а) подключение')).toBeInTheDocument();
  });

  it("shows Rust's refusal on the name field and keeps the text; Escape closes the form", async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    const calls = answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });

    await userEvent.click(await screen.findByRole('button', { name: 'Добавить Zoom подключение' }));
    await userEvent.keyboard('Основной зал{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('В этом мероприятии уже есть подключение с таким названием.');
    const field = screen.getByLabelText('Название подключения');
    expect(field).toHaveValue('Основной зал');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveFocus();

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByLabelText('Название подключения')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Добавить Zoom подключение' })).toHaveFocus();
    expect(calls.filter((c) => c.command === 'add_zoom_connection')).toHaveLength(1);
  });

  it('marks the name field when Rust says it is required', async () => {
    answer(zoomSide().handlers);
    render(ZoomPage, { eventId: 3 });

    await userEvent.click(await screen.findByRole('button', { name: 'Добавить Zoom подключение' }));
    await userEvent.keyboard('   {Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Название подключения: заполните поле.');
    expect(screen.getByLabelText('Название подключения')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Название подключения')).toHaveAccessibleDescription('Название подключения: заполните поле.');
  });

  it('labels every status and offers the actions that fit it', async () => {
    answer(
      zoomSide({
        connections: [
          connection(1, 'Новое'),
          connection(2, 'Ждёт', { status: 'authorizing' }),
          connection(3, 'Рабочее', { status: 'connected', account }),
          connection(4, 'Просрочено', { status: 'needsReauth', account }),
        ],
      }).handlers,
    );
    render(ZoomPage, { eventId: 3 });

    const fresh = await row('Новое');
    expect(within(fresh).getByText('Не подключен')).toHaveAttribute('data-status', 'notConnected');
    expect(within(fresh).getByRole('button', { name: 'Подключить' })).toBeInTheDocument();
    expect(within(fresh).queryByRole('button', { name: 'Отключить' })).not.toBeInTheDocument();

    const waiting = await row('Ждёт');
    expect(within(waiting).getByText('Ожидание авторизации')).toBeInTheDocument();
    expect(within(waiting).getByRole('button', { name: 'Отмена' })).toBeInTheDocument();
    expect(within(waiting).queryByRole('button', { name: 'Подключить' })).not.toBeInTheDocument();

    const working = await row('Рабочее');
    expect(within(working).getByText('Подключен')).toBeInTheDocument();
    expect(within(working).getByText('Анна Петрова')).toBeInTheDocument();
    expect(within(working).getByText('anna@zoom.example')).toBeInTheDocument();
    expect(within(working).queryByRole('button', { name: 'Подключить' })).not.toBeInTheDocument();
    expect(within(working).getByRole('button', { name: 'Отключить' })).toBeInTheDocument();

    const stale = await row('Просрочено');
    expect(within(stale).getByText('Требуется повторное подключение')).toBeInTheDocument();
    expect(within(stale).getByRole('button', { name: 'Подключить' })).toBeInTheDocument();
    expect(within(stale).getByRole('button', { name: 'Отключить' })).toBeInTheDocument();

    expect(within(working).getByRole('link', { name: 'Рабочее' })).toHaveAttribute('href', '#/events/3/integrations/zoom/3');
  });

  it('says on the row why the account must be connected again, that its meetings are kept, and by when', async () => {
    const purgeAt = '2026-12-12T07:00:00Z';
    answer(zoomSide({ connections: [connection(4, 'Просрочено', { status: 'needsReauth', account, purgeAt })] }).handlers);
    render(ZoomPage, { eventId: 3 });

    // The Zoom page knows no event time zone: the deadline is on this computer's clock.
    const when = (locale: string) =>
      new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(purgeAt));
    const stale = await row('Просрочено');
    const notice = within(stale).getByTestId('reauth');
    const text =
      'Zoom больше не принимает вход MySciHub в этот аккаунт: приложение удалили в Zoom Marketplace или вход потерян. ' +
      `Встречи сохранены. Нажмите «Подключить» до ${when('ru-RU')} — иначе аккаунт будет отключён от всех мероприятий.`;
    expect(notice).toHaveTextContent(text);
    expect(within(notice).getByText(/Нажмите/)).toHaveAttribute('datetime', purgeAt);
    // Whoever reaches the button hears the deadline too.
    expect(within(stale).getByRole('button', { name: 'Подключить' })).toHaveAccessibleDescription(`Просрочено ${text}`);

    i18n.use('en');
    try {
      expect(await within(stale).findByText(/no longer accepts/)).toBeInTheDocument();
      expect(notice).toHaveTextContent(
        "Zoom no longer accepts MySciHub's sign-in for this account: the app was removed in the Zoom Marketplace, or the sign-in was lost. " +
          `The meetings are kept. Click “Connect” by ${when('en-GB')}, or the account will be disconnected from every event.`,
      );
    } finally {
      i18n.use('ru');
    }
  });

  it('says nothing about a deadline on a connected row', async () => {
    answer(zoomSide({ connections: [connection(3, 'Рабочее', { status: 'connected', account })] }).handlers);
    render(ZoomPage, { eventId: 3 });
    const working = await row('Рабочее');
    expect(within(working).queryByTestId('reauth')).not.toBeInTheDocument();
    expect(within(working).getByRole('button', { name: 'Отключить' })).toHaveAccessibleDescription('Рабочее');
  });

  it('counts on the row the meetings of its account that overlap another', async () => {
    answer(
      zoomSide({
        connections: [
          connection(3, 'Рабочее', { status: 'connected', account, overlapping: 2 }),
          connection(4, 'Запасное', { status: 'connected', account, overlapping: 0 }),
        ],
      }).handlers,
    );
    render(ZoomPage, { eventId: 3 });
    expect(within(await row('Рабочее')).getByTestId('connection-overlaps')).toHaveTextContent('2 встречи пересекаются по времени');
    expect(within(await row('Запасное')).queryByTestId('connection-overlaps')).not.toBeInTheDocument();
  });

  it('connects: waits for the authorization, which can be cancelled', async () => {
    const calls = answer(zoomSide({ connections: [connection(1, 'Основной зал')] }).handlers);
    render(ZoomPage, { eventId: 3 });

    const hall = await row('Основной зал');
    await userEvent.click(within(hall).getByRole('button', { name: 'Подключить' }));

    expect(calls.find((c) => c.command === 'connect_zoom')?.args).toEqual({ eventId: 3, connectionId: 1 });
    expect(await within(hall).findByText('Ожидание авторизации')).toBeInTheDocument();
    expect(within(hall).getByText(/Завершите вход в Zoom/)).toBeInTheDocument();
    const cancel = within(hall).getByRole('button', { name: 'Отмена' });
    expect(cancel).toHaveFocus();

    await userEvent.click(cancel);
    expect(calls.at(-2)).toEqual({ command: 'cancel_zoom_authorization', args: { eventId: 3, connectionId: 1 } });
    expect(await within(hall).findByText('Не подключен')).toBeInTheDocument();
    expect(within(hall).getByRole('button', { name: 'Подключить' })).toHaveFocus();
  });

  it('asks before disconnecting, and Escape keeps the account', async () => {
    const calls = answer(zoomSide({ connections: [connection(1, 'Основной зал', { status: 'connected', account })] }).handlers);
    render(ZoomPage, { eventId: 3 });

    const hall = await row('Основной зал');
    await userEvent.click(within(hall).getByRole('button', { name: 'Отключить' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent(
      'Отключить аккаунт Zoom anna@zoom.example от подключения «Основной зал»? Встречи этого аккаунта перестанут показываться в мероприятии.',
    );
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(within(hall).getByRole('button', { name: 'Отключить' })).toHaveFocus();
    expect(calls.some((c) => c.command === 'disconnect_zoom')).toBe(false);

    await userEvent.click(within(hall).getByRole('button', { name: 'Отключить' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Отключить' }));
    expect(calls.find((c) => c.command === 'disconnect_zoom')?.args).toEqual({ eventId: 3, connectionId: 1 });
    expect(await within(hall).findByText('Не подключен')).toBeInTheDocument();
    expect(within(hall).queryByText('anna@zoom.example')).not.toBeInTheDocument();
    expect(await screen.findByText('отключил(а) аккаунт anna@zoom.example')).toBeInTheDocument();
  });

  it('renames in place: Enter saves, Escape cancels', async () => {
    const calls = answer(zoomSide({ connections: [connection(1, 'Основной зал')] }).handlers);
    render(ZoomPage, { eventId: 3 });

    await userEvent.click(within(await row('Основной зал')).getByRole('button', { name: 'Переименовать' }));
    const field = screen.getByLabelText('Название подключения');
    expect(field).toHaveValue('Основной зал');
    expect(field).toHaveFocus();
    await userEvent.keyboard('Малый зал{Escape}');
    expect(screen.queryByLabelText('Название подключения')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Основной зал' })).toBeInTheDocument();
    expect(calls.some((c) => c.command === 'rename_zoom_connection')).toBe(false);

    await userEvent.click(within(await row('Основной зал')).getByRole('button', { name: 'Переименовать' }));
    await userEvent.clear(screen.getByLabelText('Название подключения'));
    await userEvent.keyboard('Малый зал{Enter}');
    expect(calls.find((c) => c.command === 'rename_zoom_connection')?.args).toEqual({
      eventId: 3,
      connectionId: 1,
      name: 'Малый зал',
    });
    const renamed = await row('Малый зал');
    expect(within(renamed).getByRole('button', { name: 'Переименовать' })).toHaveFocus();
    expect(await screen.findByText('переименовал(а) «Основной зал» в «Малый зал»')).toBeInTheDocument();
  });

  it('asks before deleting and says a connected account is disconnected first', async () => {
    const calls = answer(
      zoomSide({
        connections: [connection(1, 'Основной зал', { status: 'connected', account }), connection(2, 'Малый зал')],
      }).handlers,
    );
    render(ZoomPage, { eventId: 3 });

    await userEvent.click(within(await row('Малый зал')).getByRole('button', { name: 'Удалить' }));
    expect(screen.getByRole('alertdialog')).toHaveAccessibleName('Удалить подключение «Малый зал»?');
    await userEvent.keyboard('{Escape}');

    await userEvent.click(within(await row('Основной зал')).getByRole('button', { name: 'Удалить' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Удалить подключение «Основной зал»? Сначала от него будет отключен аккаунт Zoom anna@zoom.example');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Удалить' }));

    expect(calls.find((c) => c.command === 'delete_zoom_connection')?.args).toEqual({ eventId: 3, connectionId: 1 });
    expect(await screen.findByText('удалил(а) подключение')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Основной зал' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Добавить Zoom подключение' })).toHaveFocus();
  });

  it('shows the history newest first, with Zoom as the actor of a revocation', async () => {
    answer(
      zoomSide({
        history: [
          { id: 1, at: '2027-03-01T09:00:00Z', action: 'added', actorName: 'Анна', connectionName: 'Зал', zoomEmail: null, detail: null },
          { id: 2, at: '2027-03-01T09:05:00Z', action: 'connected', actorName: 'Анна', connectionName: 'Зал', zoomEmail: 'a@zoom.example', detail: null },
          { id: 3, at: '2027-03-02T10:00:00Z', action: 'revokedByZoom', actorName: null, connectionName: 'Зал', zoomEmail: 'a@zoom.example', detail: null },
          { id: 4, at: '2027-03-20T10:00:00Z', action: 'reconnectTimedOut', actorName: null, connectionName: 'Малый зал', zoomEmail: 'b@zoom.example', detail: null },
        ],
      }).handlers,
    );
    render(ZoomPage, { eventId: 3 });

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual([
      'аккаунт b@zoom.example не подключили снова за 10 дней: он убран из мероприятия',
      'Zoom отозвал доступ: приложение удалено в Zoom Marketplace',
      'подключил(а) аккаунт a@zoom.example',
      'добавил(а) подключение',
    ]);
    expect(within(rows[1]).getAllByRole('cell')[1]).toHaveTextContent(/^Zoom$/);
    expect(within(rows[2]).getAllByRole('cell')[1]).toHaveTextContent('Анна');
    expect(within(rows[2]).getAllByRole('cell')[3]).toHaveTextContent('Зал');
    expect(rows[1].querySelector('time')).toHaveAttribute('datetime', '2027-03-02T10:00:00Z');
  });

  it('says when nothing has happened yet', async () => {
    answer(zoomSide().handlers);
    render(ZoomPage, { eventId: 3 });
    expect(await screen.findByText(/Пока ничего не происходило/)).toBeInTheDocument();
  });

  it('follows the sign-in that finishes in the browser', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });

    const hall = await row('Основной зал');
    await userEvent.click(within(hall).getByRole('button', { name: 'Подключить' }));
    await within(hall).findByText('Ожидание авторизации');

    // Another event's sign-in changes nothing here.
    await authorization({ eventId: 4, connectionId: 9, connected: true, fault: null });
    expect(screen.queryByText('Аккаунт Zoom подключен.')).not.toBeInTheDocument();

    zoom.completeSignIn(1);
    await authorization({ eventId: 3, connectionId: 1, connected: true, fault: null });
    expect(await screen.findByRole('status')).toHaveTextContent('Аккаунт Zoom подключен.');
    expect(await within(hall).findByText('Подключен')).toBeInTheDocument();
    expect(within(hall).getByText('anna@zoom.example')).toBeInTheDocument();
    expect(await screen.findByText('подключил(а) аккаунт anna@zoom.example')).toBeInTheDocument();
  });

  it('shows why a sign-in failed next to its connection', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал', { status: 'authorizing' })] });
    answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });
    const hall = await row('Основной зал');

    zoom.state.connections = [connection(1, 'Основной зал')];
    await authorization({
      eventId: 3,
      connectionId: 1,
      connected: false,
      fault: fault('authorization_denied', 'Вы отказались предоставить доступ в Zoom.'),
    });

    expect(await within(hall).findByRole('alert')).toHaveTextContent('Вы отказались предоставить доступ в Zoom.');
    expect(await within(hall).findByText('Не подключен')).toBeInTheDocument();
  });

  it('reloads when another administrator changes the connections, or the window regains focus', async () => {
    const zoom = zoomSide();
    answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });
    await screen.findByText(/именованная связь/);

    zoom.state.connections = [connection(1, 'Основной зал')];
    await tell({ kind: 'zoomConnectionsChanged', eventId: 4 });
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    expect(await row('Основной зал')).toBeInTheDocument();

    zoom.state.connections = [...zoom.state.connections, connection(2, 'Малый зал')];
    window.dispatchEvent(new Event('focus'));
    expect(await row('Малый зал')).toBeInTheDocument();
  });

  it('explains notices Rust left on a connection', async () => {
    answer(
      zoomSide({
        connections: [
          connection(1, 'Основной зал', { notice: 'appRemovedInZoom' }),
          connection(2, 'Малый зал', { notice: 'revokeFailed' }),
          connection(3, 'Секция', { notice: 'reconnectTimedOut' }),
        ],
      }).handlers,
    );
    render(ZoomPage, { eventId: 3 });

    expect(await within(await row('Основной зал')).findByText(/удалено в Zoom Marketplace. Подключите аккаунт снова/)).toBeInTheDocument();
    expect(within(await row('Малый зал')).getByText(/Zoom не подтвердил отзыв доступа/)).toBeInTheDocument();
    expect(within(await row('Секция')).getByText(/за 10 дней его не подключили снова/)).toBeInTheDocument();
  });

  it('points to Settings when the Zoom app is not set up, and shows why Connect fails', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')], settings: settings({ clientId: '' }) });
    answer({
      ...zoom.handlers,
      connect_zoom: refuse(fault('zoom_not_configured', 'Zoom не настроен: укажите Client ID в настройках.')),
    });
    render(ZoomPage, { eventId: 3 });

    expect(await screen.findByText(/без Client ID аккаунт подключить нельзя/)).toBeInTheDocument();
    const hall = await row('Основной зал');
    await userEvent.click(within(hall).getByRole('button', { name: 'Подключить' }));

    expect(await within(hall).findByRole('alert')).toHaveTextContent('Zoom не настроен: укажите Client ID в настройках.');
    expect(within(hall).getByText('Не подключен')).toBeInTheDocument();
    expect(within(hall).getByRole('link', { name: 'Открыть настройки' })).toHaveAttribute('href', '#/settings');
  });

  it('offers to try again when the list cannot be read', async () => {
    let attempts = 0;
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    answer({
      ...zoom.handlers,
      list_zoom_connections: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать данные на этом компьютере.');
        return zoom.state.connections;
      },
    });
    render(ZoomPage, { eventId: 3 });

    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать данные');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await row('Основной зал')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the stored list at once, then the list after Zoom was asked about stale accounts', async () => {
    const synced = later<unknown>();
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал', { status: 'connected', account })] });
    const calls = answer({ ...zoom.handlers, refresh_zoom_event: () => synced.promise });
    render(ZoomPage, { eventId: 3 });

    const hall = await row('Основной зал');
    expect(within(hall).getByText('Подключен')).toBeInTheDocument();
    const listing = calls.map((c) => c.command).filter((c) => c === 'list_zoom_connections' || c === 'refresh_zoom_event');
    expect(listing).toEqual(['list_zoom_connections', 'refresh_zoom_event']);
    expect(calls.find((c) => c.command === 'refresh_zoom_event')?.args).toEqual({ eventId: 3 });

    synced.settle([connection(1, 'Основной зал', { status: 'needsReauth', account })]);
    expect(await within(hall).findByText('Требуется повторное подключение')).toBeInTheDocument();
  });

  it('asks Rust to sync the event when the window regains focus', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    const calls = answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });
    await row('Основной зал');
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'refresh_zoom_event')).toHaveLength(1));
    const listed = calls.filter((c) => c.command === 'list_zoom_connections').length;

    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'refresh_zoom_event')).toHaveLength(2));
    expect(calls.filter((c) => c.command === 'list_zoom_connections')).toHaveLength(listed);
  });

  it('does not let a slow sync undo what the administrator just did', async () => {
    const synced = later<unknown>();
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    answer({ ...zoom.handlers, refresh_zoom_event: () => synced.promise });
    render(ZoomPage, { eventId: 3 });

    await userEvent.click(within(await row('Основной зал')).getByRole('button', { name: 'Переименовать' }));
    await userEvent.clear(screen.getByLabelText('Название подключения'));
    await userEvent.keyboard('Малый зал{Enter}');
    expect(await row('Малый зал')).toBeInTheDocument();

    synced.settle([connection(1, 'Основной зал')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByRole('listitem', { name: 'Малый зал' })).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'Основной зал' })).not.toBeInTheDocument();
  });

  it('tells Rust once that the connections are on screen, after the first list is painted', async () => {
    const zoom = zoomSide({ connections: [connection(1, 'Основной зал')] });
    const calls = answer(zoom.handlers);
    render(ZoomPage, { eventId: 3 });
    await row('Основной зал');
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1));
    expect(calls.find((c) => c.command === 'view_rendered')?.args).toEqual({ view: 'zoom-connections' });
    const rendered = calls.findIndex((c) => c.command === 'view_rendered');
    expect(rendered).toBeGreaterThan(calls.findIndex((c) => c.command === 'list_zoom_connections'));

    window.dispatchEvent(new Event('focus'));
    await tell({ kind: 'zoomConnectionsChanged', eventId: 3 });
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'refresh_zoom_event')).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1);
  });

  it('tells Rust about an empty list too: it is what the event has', async () => {
    const calls = answer(zoomSide().handlers);
    render(ZoomPage, { eventId: 3 });
    expect(await screen.findByRole('button', { name: 'Добавить Zoom подключение' })).toBeInTheDocument();
    await vi.waitFor(() => expect(calls.filter((c) => c.command === 'view_rendered')).toHaveLength(1));
  });
});
