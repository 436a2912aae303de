import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import About from '../src/views/About.svelte';
import { answer } from './ipc';

describe('About', () => {
  it('shows the version and where the data lives', async () => {
    answer({
      app_info: () => ({ version: '0.1.0', lang: 'ru', dataDir: '/home/anna/.local/share/org.myscihub.desktop', demo: false, startEventId: null, startRoute: null }),
    });
    render(About);
    expect(await screen.findByTestId('app-version')).toHaveTextContent('MySciHub Desktop, версия 0.1.0');
    expect(screen.getByTestId('data-dir')).toHaveTextContent('/home/anna/.local/share/org.myscihub.desktop');
  });
});
