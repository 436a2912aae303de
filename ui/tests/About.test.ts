import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import About from '../src/views/About.svelte';
import { answer, fault, refuse } from './ipc';

const info = {
  version: '0.1.0',
  lang: 'ru' as const,
  dataDir: '/home/anna/.local/share/org.myscihub.desktop',
  logDir: '/home/anna/.local/share/org.myscihub.desktop/logs',
  demo: false,
  startEventId: null,
  startRoute: null,
};

describe('About', () => {
  it('shows the version, where the data lives and where the log is', async () => {
    const calls = answer({ app_info: () => info, open_log_folder: () => null });
    render(About);
    expect(await screen.findByTestId('app-version')).toHaveTextContent('MySciHub Desktop, версия 0.1.0');
    expect(screen.getByTestId('data-dir')).toHaveTextContent('/home/anna/.local/share/org.myscihub.desktop');
    expect(screen.getByTestId('log-dir')).toHaveTextContent('/home/anna/.local/share/org.myscihub.desktop/logs');
    await fireEvent.click(screen.getByRole('button', { name: 'Открыть папку' }));
    expect(calls.map((c) => c.command)).toContain('open_log_folder');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so in plain words when the folder cannot be opened', async () => {
    const message = 'Не удалось открыть папку. Её адрес указан выше: откройте её в файловом менеджере.';
    answer({ app_info: () => info, open_log_folder: refuse(fault('folder_not_opened', message)) });
    render(About);
    await fireEvent.click(await screen.findByRole('button', { name: 'Открыть папку' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });
});
