import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AuthorizationNotices from '../src/components/AuthorizationNotices.svelte';
import { answer, authorization, fault } from './ipc';

describe('AuthorizationNotices', () => {
  it('explains a Zoom sign-in the app did not start, until dismissed', async () => {
    answer({});
    render(AuthorizationNotices);
    await Promise.resolve();

    await authorization({ eventId: 3, connectionId: 1, connected: true, fault: null });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    const message = 'Подключение начато не из MySciHub. Откройте страницу Zoom мероприятия и нажмите «Подключить».';
    await authorization({ eventId: null, connectionId: null, connected: false, fault: fault('unknown_authorization', message) });
    expect(await screen.findByRole('alert')).toHaveTextContent(message);

    await userEvent.click(screen.getByRole('button', { name: 'Скрыть' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
