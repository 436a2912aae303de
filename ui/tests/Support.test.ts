import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Support from '../src/views/Support.svelte';
import { answer, fault, refuse } from './ipc';

const report = 'MySciHub 0.1.0\nOS: linux x86_64\nZoom connections: 2 (connected 1)\nLast sync: 2026-11-30T09:15:00Z';

describe('Support', () => {
  it('explains how to get help and submits a request in the browser', async () => {
    const calls = answer({ diagnostics_report: () => report, open_support_page: () => null });
    render(Support);

    expect(screen.getByRole('heading', { name: 'Поддержка' })).toBeInTheDocument();
    expect(screen.getByText('Для получения дополнительной помощи или технической поддержки отправьте заявку.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Отправить заявку' }));
    expect(calls.filter((c) => c.command === 'open_support_page')).toEqual([{ command: 'open_support_page', args: {} }]);
  });

  it('shows the diagnostics report read-only, says what it never contains, and copies it', async () => {
    const user = userEvent.setup();
    answer({ diagnostics_report: () => report });
    render(Support);

    const area = await screen.findByRole('textbox', { name: 'Отчёт для поддержки' });
    expect(area).toHaveValue(report);
    expect(area).toHaveAttribute('readonly');
    expect(screen.getByText(/никогда не бывает токенов, кодов авторизации и кодов доступа к видеоконференциям/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Копировать отчёт' }));
    expect(await screen.findByText('Скопировано')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(report);
  });

  it("shows Rust's message when the request page cannot be opened, and when the report cannot be made", async () => {
    let attempts = 0;
    answer({
      diagnostics_report: () => {
        attempts += 1;
        if (attempts === 1) throw fault('storage', 'Не удалось прочитать данные на этом компьютере.');
        return report;
      },
      open_support_page: refuse(fault('browser', 'Не удалось открыть браузер.')),
    });
    render(Support);

    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось прочитать данные на этом компьютере.');
    await userEvent.click(screen.getByRole('button', { name: 'Повторить' }));
    expect(await screen.findByRole('textbox', { name: 'Отчёт для поддержки' })).toHaveValue(report);

    await userEvent.click(screen.getByRole('button', { name: 'Отправить заявку' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось открыть браузер.');
  });
});
