import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ConnectionPage from '../src/views/zoom/ConnectionPage.svelte';
import { answer } from './ipc';
import { account, connection } from './zoom';

describe('ConnectionPage', () => {
  it("shows the connection's name, status and Zoom account", async () => {
    answer({ list_zoom_connections: () => [connection(1, 'Основной зал', { status: 'connected', account })] });
    render(ConnectionPage, { eventId: 3, connectionId: 1 });

    expect(await screen.findByRole('heading', { name: 'Основной зал' })).toBeInTheDocument();
    expect(screen.getByText('Подключен')).toBeInTheDocument();
    expect(screen.getByText('Анна Петрова')).toBeInTheDocument();
    expect(screen.getByText('anna@zoom.example')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Подключения Zoom/ })).toHaveAttribute('href', '#/events/3/integrations/zoom');
  });

  it('says when the connection is gone', async () => {
    answer({ list_zoom_connections: () => [] });
    render(ConnectionPage, { eventId: 3, connectionId: 1 });
    expect(await screen.findByText(/Подключение не найдено/)).toBeInTheDocument();
  });
});
